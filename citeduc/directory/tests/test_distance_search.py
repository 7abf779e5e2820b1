"""A family searches by place: services sorted by distance, the distance shown, "à moins de
N km"; the page's number of queries does not grow with the number of services."""

from html import unescape

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.directory.models import KM_PER_DEGREE, Service
from citeduc.directory.tests.factories import ServiceFactory
from tests.support.geocoder import down, geocoder
from tests.support.world import World

pytestmark = pytest.mark.django_db

ORIGIN = (47.2203, 5.9723)
AT = {"lat": str(ORIGIN[0]), "lon": str(ORIGIN[1])}
SEARCH = reverse("directory:search")


def north_of(km: float) -> float:
    return ORIGIN[0] + km / KM_PER_DEGREE


def test_services_come_nearest_first_with_their_distance(client: Client, world: World) -> None:
    Service.objects.all().delete()
    organisation = world.own.service.organisation
    for name, km in [("Loin", 8.0), ("Tout près", 0.5), ("Pas loin", 3.0)]:
        ServiceFactory.create(
            organisation=organisation, name=name, latitude=north_of(km), longitude=ORIGIN[1]
        )
    ServiceFactory.create(organisation=organisation, name="Sans adresse")
    page = client.get(SEARCH, AT).content.decode()
    order = [page.index(name) for name in ("Tout près", "Pas loin", "Loin", "Sans adresse")]
    assert order == sorted(order)
    assert "à 500 m" in page and "à 3,0 km" in page and "Distance inconnue" in page
    within = unescape(client.get(SEARCH, {**AT, "radius": "5"}).content.decode())
    assert "2 services trouvés" in within and "Loin<" not in within
    assert "à moins de 5 km" in within


def test_a_neighbourhood_or_an_address_is_a_place(client: Client, world: World) -> None:
    qpv = world.own.qpv
    qpv.name, qpv.centroid_lat, qpv.centroid_lon = "Planoise", *ORIGIN
    qpv.save()
    ServiceFactory.create(
        organisation=world.own.service.organisation,
        name="Près du centre",
        latitude=north_of(1.2),
        longitude=ORIGIN[1],
    )
    page = unescape(client.get(SEARCH, {"near": "planoise"}).content.decode())
    assert "quartier Planoise (centre)" in page and "à 1,2 km" in page
    with (
        geocoder(
            {
                "4 avenue de l'Ile de France": (
                    north_of(0.2),
                    ORIGIN[1],
                    "4 Avenue de l'Île-de-France 25000 Besançon",
                )
            }
        ) as (url, _),
        override_settings(CITEDUC_GEOCODER_URL=url),
    ):
        found = unescape(
            client.get(SEARCH, {"near": "4 avenue de l'Ile de France, Besançon"}).content.decode()
        )
        assert "4 Avenue de l'Île-de-France" in found and "à 1,0 km" in found
        lost = client.get(SEARCH, {"near": "nulle part du tout"})
        assert "Lieu introuvable" in unescape(lost.content.decode())
        assert 'value="nulle part du tout"' in unescape(lost.content.decode())
    with override_settings(CITEDUC_GEOCODER_URL=down(), CITEDUC_GEOCODER_TIMEOUT=1):
        off = unescape(client.get(SEARCH, {"near": "1 rue quelconque"}).content.decode())
        assert "n'est pas disponible" in off and "Planoise" in off
    radius_alone = unescape(client.get(SEARCH, {"radius": "2"}).content.decode())
    assert "Indiquez une adresse ou un quartier" in radius_alone


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {**AT, "radius": "20"})
    assert response.status_code == 200
    return len(queries)


def test_the_distance_search_makes_as_many_queries_with_10_or_5000_services(
    client: Client, world: World
) -> None:
    organisation = world.own.service.organisation
    Service.objects.bulk_create(
        Service(
            organisation=organisation,
            source="tests",
            external_id=f"tests--near-{n}",
            name=f"Service proche {n}",
            description="Un service.",
            status="published",
            latitude=north_of((n % 150) / 10),
            longitude=ORIGIN[1],
        )
        for n in range(10)
    )
    few = _queries(client)
    Service.objects.bulk_create(
        Service(
            organisation=organisation,
            source="tests",
            external_id=f"tests--more-{n}",
            name=f"Autre service {n}",
            description="Un service.",
            status="published",
            latitude=north_of((n % 190) / 10),
            longitude=ORIGIN[1],
        )
        for n in range(4990)
    )
    assert _queries(client) == few
