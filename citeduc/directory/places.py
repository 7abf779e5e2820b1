"""The place a family searches from: a neighbourhood by its name (its centre), or an address
found by the geocoder."""

import math
from dataclasses import dataclass

from citeduc.common.text import fold
from citeduc.directory import geocoding
from citeduc.territory.models import Qpv


class PlaceNotFound(Exception):
    """The sentence to show under the field."""


@dataclass(frozen=True)
class Origin:
    latitude: float
    longitude: float
    label: str
    approximate: bool  # a neighbourhood's centre rather than an address


def resolve(text: str) -> Origin:
    wanted = " ".join(fold(text).replace("quartier", " ").split())
    quarters = Qpv.objects.filter(cites__isnull=False, centroid_lat__isnull=False).distinct()
    for qpv in quarters:
        name = fold(qpv.name)
        named = wanted == name or (len(wanted) >= 4 and wanted in name)
        if wanted and (named or wanted == fold(qpv.code)):
            assert qpv.centroid_lat is not None and qpv.centroid_lon is not None
            return Origin(qpv.centroid_lat, qpv.centroid_lon, f"quartier {qpv.name} (centre)", True)
    try:
        found = geocoding.geocode(text)
    except geocoding.GeocoderUnavailable as exc:
        names = ", ".join(sorted(q.name for q in quarters)[:8])
        raise PlaceNotFound(
            f"La recherche par adresse n'est pas disponible en ce moment. Tapez le nom d'un "
            f"quartier ({names}) ou utilisez votre position."
        ) from exc
    if found is None:
        raise PlaceNotFound(
            f"Lieu introuvable : « {text} ». Essayez une adresse complète (numéro, rue, "
            "commune) ou le nom d'un quartier."
        )
    return Origin(found.latitude, found.longitude, found.label or text, False)


class BadArea(ValueError):
    """The sentence to answer a map asking for an area that is not one."""


@dataclass(frozen=True)
class Area:
    """The part of the map on screen: ``zone=south,west,north,east`` in degrees, as the map asks
    for the places it shows."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, text: str) -> "Area":
        parts = text.split(",")
        try:
            south, west, north, east = (float(part) for part in parts)
        except ValueError:
            raise BadArea(
                "zone : quatre nombres attendus, sud,ouest,nord,est en degrés "
                "(ex. 47.20,5.95,47.27,6.06)."
            ) from None
        numbers = (south, west, north, east)
        if not all(math.isfinite(n) for n in numbers):
            raise BadArea("zone : des nombres finis sont attendus.")
        if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
            raise BadArea(
                "zone : le sud doit être sous le nord et l'ouest à gauche de l'est, entre -90 et "
                "90 degrés de latitude et -180 et 180 de longitude."
            )
        return cls(south, west, north, east)

    def holds(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


EARTH = Area(-90, -180, 90, 180)
