"""Plane geometry on GeoJSON (lon, lat) coordinates: enough for a neighbourhood, no GIS stack."""

from typing import Any

Ring = list[list[float]]


def polygons_of(geometry: dict[str, Any]) -> list[list[Ring]]:
    """The polygons of a Polygon or MultiPolygon geometry, each as [outer ring, holes...]."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"géométrie {kind!r} non prise en charge (Polygon ou MultiPolygon attendu)")


def _ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat):
            crossing = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < crossing:
                inside = not inside
    return inside


def contains(geometry: dict[str, Any], lon: float, lat: float) -> bool:
    """Whether the point lies inside the geometry (even-odd rule, holes excluded)."""
    for outer, *holes in polygons_of(geometry):
        if _ring_contains(outer, lon, lat) and not any(
            _ring_contains(hole, lon, lat) for hole in holes
        ):
            return True
    return False


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of the outer rings: good enough to place a label."""
    total_area = cx = cy = 0.0
    for outer, *_holes in polygons_of(geometry):
        for (x1, y1), (x2, y2) in zip(outer, outer[1:] + outer[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            total_area += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if total_area == 0:
        first = polygons_of(geometry)[0][0][0]
        return first[1], first[0]
    return cy / (3 * total_area), cx / (3 * total_area)


def bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the outer rings."""
    points = [point for outer, *_holes in polygons_of(geometry) for point in outer]
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


class Locator[T]:
    """Which of many areas holds a point, without testing every area: each area is filed in the
    cells of a grid its bounding box touches, and a point is tested only against its cell's
    areas. A national import places 70 000 points among 600 QPV this way."""

    def __init__(self, areas: list[tuple[T, dict[str, Any]]], cell: float = 0.05) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[tuple[T, dict[str, Any]]]] = {}
        for item, geometry in areas:
            west, south, east, north = bounds(geometry)
            for x in range(self._index(west), self._index(east) + 1):
                for y in range(self._index(south), self._index(north) + 1):
                    self.grid.setdefault((x, y), []).append((item, geometry))

    def _index(self, degrees: float) -> int:
        return int(degrees // self.cell)

    def find(self, lon: float, lat: float) -> T | None:
        """The first area (in the order given) that contains the point, or None."""
        for item, geometry in self.grid.get((self._index(lon), self._index(lat)), []):
            if contains(geometry, lon=lon, lat=lat):
                return item
        return None
