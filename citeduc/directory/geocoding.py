"""Positions from addresses, through a geocoder speaking the Base Adresse Nationale's API
(``GET {CITEDUC_GEOCODER_URL}?q=…&limit=1`` answering GeoJSON features with a ``score``).

Off when ``CITEDUC_GEOCODER_URL`` is empty. A geocoder that does not answer never costs the
editor their form: the caller saves without a position and says so."""

from dataclasses import dataclass

import requests
from django.conf import settings

# Below this score the BAN's best answer is a guess (a street of the same name elsewhere).
MIN_SCORE = 0.5


class GeocoderUnavailable(Exception):
    """The geocoder is off, or did not answer in time, or answered something unreadable."""


@dataclass(frozen=True)
class Found:
    latitude: float
    longitude: float
    label: str
    score: float


def enabled() -> bool:
    return bool(settings.CITEDUC_GEOCODER_URL)


def geocode(text: str, *, postcode: str = "") -> Found | None:
    """The best position for an address, or None when the geocoder knows no such place."""
    if not enabled():
        raise GeocoderUnavailable("aucun service de géolocalisation n'est configuré")
    params = {"q": text[:200], "limit": "1"}
    if postcode:
        params["postcode"] = postcode
    try:
        response = requests.get(
            settings.CITEDUC_GEOCODER_URL,
            params=params,
            timeout=settings.CITEDUC_GEOCODER_TIMEOUT,
            headers={"User-Agent": "citeduc"},
        )
        response.raise_for_status()
        features = response.json().get("features") or []
    except (requests.RequestException, ValueError, AttributeError) as exc:
        raise GeocoderUnavailable(str(exc)) from exc
    if not features:
        return None
    try:
        longitude, latitude = features[0]["geometry"]["coordinates"][:2]
        properties = features[0].get("properties") or {}
        found = Found(
            latitude=float(latitude),
            longitude=float(longitude),
            label=str(properties.get("label", "")),
            score=float(properties.get("score", 0)),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise GeocoderUnavailable(f"réponse illisible : {exc}") from exc
    return found if found.score >= MIN_SCORE else None
