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
