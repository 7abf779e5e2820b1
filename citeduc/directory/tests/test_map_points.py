"""The directory map's places, asked by the map as JSON for the area on screen: the same
criteria as the list, the places of that area only, a limit that says itself, a clear refusal of
an area that is not one, and the same number of queries for 1 service or 50."""

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.common.page_cache import HEADER
from citeduc.directory import views
from citeduc.directory.models import Service
from citeduc.directory.tests.factories import OrganisationFactory, ServiceFactory
from citeduc.territory.tests.factories import CiteFactory, QpvFactory
from tests.support.commits import commit

POINTS = reverse("directory:map_points")
# Besançon's Planoise and its surroundings, then a box far away in the Vosges.
PLANOISE = "47.20,5.93,47.23,5.97"
VOSGES = "48.00,6.80,48.20,7.00"


def places(client: Client, **params: str) -> dict[str, Any]:
    response = client.get(POINTS, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def names(answer: dict[str, Any]) -> list[str]:
    return sorted(point["name"] for point in answer["points"])


@pytest.fixture
def placed(db: None) -> dict[str, Service]:
    """Four ways to be placed: a service's own position, its structure's, a quarter's centre,
    and nowhere; and one service far from the others."""
    quarter = QpvFactory.create(name="Planoise", centroid_lat=47.215, centroid_lon=5.95)
    elsewhere = QpvFactory.create(name="Loin", centroid_lat=48.1, centroid_lon=6.9)
    structure = OrganisationFactory.create(latitude=47.213, longitude=5.946)
    services = {
        "own": ServiceFactory.create(name="Atelier lecture", latitude=47.22, longitude=5.96),
        "structure": ServiceFactory.create(name="Aide aux devoirs", organisation=structure),
        "quarter": ServiceFactory.create(name="Atelier parents"),
        "nowhere": ServiceFactory.create(name="Atelier sans lieu"),
        "far": ServiceFactory.create(name="Atelier lointain", latitude=48.1, longitude=6.9),
    }
    services["quarter"].qpvs.add(quarter, elsewhere)
    return services


def test_the_area_on_screen_holds_the_places_inside_it(
    client: Client, placed: dict[str, Service]
) -> None:
    everything = places(client)
    assert not everything["truncated"]
    assert names(everything) == [
        "Aide aux devoirs",
        "Atelier lecture",
        "Atelier lointain",
        "Atelier parents",
        "Atelier parents",  # at the centre of each of its two quarters
    ]
    here = places(client, zone=PLANOISE)
    assert names(here) == ["Aide aux devoirs", "Atelier lecture", "Atelier parents"]
    assert [p["where"] for p in here["points"] if p["approximate"]] == ["Planoise"]
    there = places(client, zone=VOSGES)
    assert names(there) == ["Atelier lointain", "Atelier parents"]
    assert places(client, zone="10,10,11,11")["points"] == []


def test_the_map_asks_with_the_criteria_of_the_list(
    client: Client, placed: dict[str, Service]
) -> None:
    assert names(places(client, q="atelier", zone=PLANOISE)) == [
        "Atelier lecture",
        "Atelier parents",
    ]
    html = client.get(reverse("directory:search"), {"q": "atelier", "page": "2"}).content
    data = json.loads(
        html.decode().split('id="directory-map-data" type="application/json">')[1].split("<")[0]
    )
    assert data["points_url"] == POINTS + "?q=atelier", "the page number is the list's alone"
    assert "points" not in data, "the page carries no place: the map asks for them"


def test_a_place_searched_is_given_to_the_map_as_its_position(
    client: Client, placed: dict[str, Service]
) -> None:
    CiteFactory.create().qpvs.add(*placed["quarter"].qpvs.all())
    html = client.get(reverse("directory:search"), {"near": "Planoise", "radius": "5"})
    data = json.loads(
        html.content.decode()
        .split('id="directory-map-data" type="application/json">')[1]
        .split("<")[0]
    )
    assert data["points_url"] == POINTS + "?radius=5&lat=47.215&lon=5.95"
    near = places(client, radius="5", lat="47.215", lon="5.95")
    assert names(near) == ["Aide aux devoirs", "Atelier lecture"], (
        "within 5 km of Planoise's centre, by their own or their structure's position"
    )
    assert near["points"][0]["name"] == "Aide aux devoirs", "the nearest first"


def test_past_the_limit_the_first_places_and_a_word_that_says_so(
    client: Client, placed: dict[str, Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "MAP_LIMIT", 2)
    answer = places(client, zone=PLANOISE)
    assert len(answer["points"]) == 2 and answer["truncated"]
    answer = places(client, zone=PLANOISE, q="atelier")
    assert len(answer["points"]) == 2 and not answer["truncated"]
    # The limit counts services: the one drawn in each of its two quarters counts once; the one
    # without any place does not count.
    answer = places(client, q="atelier")
    assert names(answer) == ["Atelier lecture", "Atelier parents", "Atelier parents"]
    assert answer["truncated"], "Atelier lointain is the third service the map could place"
    Service.objects.filter(name="Atelier lointain").delete()
    assert not places(client, q="atelier")["truncated"]


@pytest.mark.parametrize(
    "zone",
    [
        "",
        "Planoise",
        "47.2,5.9,47.3",
        "47.2,5.9,47.3,6,1",
        "nan,5.9,47.3,6",
        "47.3,5.9,47.2,6",
        "47.2,6,47.3,5.9",
        "-91,0,0,1",
        "0,0,1,181",
        "1e400,0,1,1",
    ],
)
def test_an_area_that_is_not_one_is_refused_clearly(client: Client, db: None, zone: str) -> None:
    response = client.get(POINTS, {"zone": zone})
    assert response.status_code == 400
    assert json.loads(response.content)["erreur"].startswith("zone : ")


def test_the_same_queries_for_1_and_50_services(client: Client, db: None) -> None:
    quarter = QpvFactory.create(centroid_lat=47.215, centroid_lon=5.95)
    cite = CiteFactory.create()

    def add() -> None:
        service = ServiceFactory.create(organisation__cite=cite, latitude=47.22, longitude=5.96)
        service.qpvs.add(quarter)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert len(places(client, zone=PLANOISE, q="service")["points"]) >= 1
        return len(context.captured_queries)

    add()
    one = count()
    for _ in range(49):
        add()
    assert count() == one


def test_a_visitor_is_answered_from_the_kept_places_until_a_write(
    client: Client, placed: dict[str, Service], transactional_db: None
) -> None:
    commit()
    first = client.get(POINTS, {"zone": PLANOISE})
    again = client.get(POINTS, {"zone": PLANOISE})
    assert HEADER not in first and again[HEADER] == "gardée"
    assert again.content == first.content
    placed["far"].latitude, placed["far"].longitude = 47.22, 5.95
    placed["far"].save()
    commit()
    moved = client.get(POINTS, {"zone": PLANOISE})
    assert HEADER not in moved
    assert "Atelier lointain" in names(json.loads(moved.content))
