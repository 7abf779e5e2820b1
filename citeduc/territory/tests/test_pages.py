import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.tests.factories import MembershipFactory
from citeduc.territory.enums import EstablishmentKind, PriorityEducation
from citeduc.territory.tests.factories import CiteFactory, EstablishmentFactory, QpvFactory
from tests.support.world import World


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_home_lists_cites_with_their_perimeter(client: Client) -> None:
    cite = CiteFactory.create(name="Cité éducative de Testville")
    EstablishmentFactory.create_batch(3, cite=cite)
    cite.qpvs.add(QpvFactory.create(), QpvFactory.create())
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Cité éducative de Testville" in html
    assert "2 quartiers prioritaires" in html
    assert "3 établissements" in html


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_cites(client: Client) -> None:
    CiteFactory.create()
    one = count_queries(client, reverse("home"))
    CiteFactory.create_batch(19)
    assert count_queries(client, reverse("home")) == one


@pytest.mark.django_db
def test_home_pages_through_a_national_instance(client: Client) -> None:
    for n in range(30):
        CiteFactory.create(name=f"Cité éducative n° {n:02d}")
    first = client.get(reverse("home")).content.decode()
    second = client.get(reverse("home"), {"page": 2}).content.decode()
    assert first.count("Cité éducative n° ") == 24 and "n° 23" in first and "n° 24" not in first
    assert second.count("Cité éducative n° ") == 6 and "n° 29" in second
    assert "1 / 2" in first and "Page suivante" in first


@pytest.mark.django_db
def test_cite_page_shows_perimeter_grouped_and_map_data(client: Client) -> None:
    cite = CiteFactory.create()
    qpv = QpvFactory.create(
        name="Les Tilleuls",
        population=2500,
        contour={"type": "Polygon", "coordinates": [[[5, 47], [6, 47], [6, 48], [5, 47]]]},
    )
    cite.qpvs.add(qpv)
    EstablishmentFactory.create(
        cite=cite, name="Pasteur", kind=EstablishmentKind.COLLEGE, positioned=True
    )
    EstablishmentFactory.create(
        cite=cite, name="Jaurès", priority_education=PriorityEducation.REP, qpv=qpv
    )
    response = client.get(cite.get_absolute_url())
    html = response.content.decode()
    assert "Les Tilleuls" in html and "2\xa0500" in html
    assert "<h3>Collège (1)</h3>" in html
    assert "<h3>École élémentaire (1)</h3>" in html
    assert "1 REP+, 1 REP" in html
    map_data = json.loads(
        html.split('id="cite-map-data" type="application/json">')[1].split("</script>")[0]
    )
    assert [q["name"] for q in map_data["qpvs"]] == ["Les Tilleuls"]
    assert [e["name"] for e in map_data["establishments"]] == ["Collège Pasteur"]
    assert 'id="cite-map-data"' in html


@pytest.mark.django_db
def test_cite_page_query_count_does_not_grow_with_rows(client: Client) -> None:
    cite = CiteFactory.create()
    EstablishmentFactory.create(cite=cite, positioned=True)
    cite.qpvs.add(QpvFactory.create())
    one = count_queries(client, cite.get_absolute_url())
    for _ in range(19):
        EstablishmentFactory.create(cite=cite, positioned=True)
        cite.qpvs.add(QpvFactory.create())
    assert count_queries(client, cite.get_absolute_url()) == one


@pytest.mark.django_db
def test_unknown_cite_is_a_404_page_in_french(client: Client) -> None:
    response = client.get(reverse("territory:cite_detail", args=["inconnue"]))
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_cite_space_lists_members_for_a_member(client: Client, world: World) -> None:
    """Every member is listed with a role. The partners read each other's addresses; a porteur
    reads its own and the coordination's only (the others are the partners' business)."""
    url = reverse("territory:cite_space", args=[world.cite.slug])
    client.force_login(world.users[Role.PILOTE_ETAT])
    html = client.get(url).content.decode()
    for role in Role:
        assert world.users[role].email in html
        assert world.users[role].get_full_name() in html
    assert world.users["national"].email not in html
    client.force_login(world.users[Role.PORTEUR])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for role in Role:
        assert world.users[role].get_full_name() in html
        shown = role in (Role.PORTEUR, Role.COORDINATION)
        assert (world.users[role].email in html) == shown, role


def test_cite_space_query_count_does_not_grow_with_members(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("territory:cite_space", args=[world.cite.slug])
    before = count_queries(client, url)
    MembershipFactory.create_batch(19, cite=world.cite, role=Role.PORTEUR)
    assert count_queries(client, url) == before


def test_cite_page_links_to_the_private_space_only_for_those_who_may_read_it(
    client: Client, world: World
) -> None:
    url = world.cite.get_absolute_url()
    space = reverse("territory:cite_space", args=[world.cite.slug])
    assert space not in client.get(url).content.decode()
    client.force_login(world.users["outsider"])
    assert space not in client.get(url).content.decode()
    client.force_login(world.users[Role.MEMBRE_INSTANCE])
    assert space in client.get(url).content.decode()
