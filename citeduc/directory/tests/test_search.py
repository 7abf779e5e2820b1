import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from citeduc.demo import fictitious
from citeduc.demo.besancon_directory import ORGANISATIONS, SERVICES
from citeduc.demo.loading import DemoResult
from citeduc.directory.models import Organisation, Service, Theme, map_points
from citeduc.directory.tests.factories import OrganisationFactory, ServiceFactory
from citeduc.territory.tests.factories import CiteFactory, QpvFactory

SEARCH = reverse("directory:search")


def found(client: Client, **params: str) -> tuple[int, str]:
    html = client.get(SEARCH, params).content.decode()
    count = re.search(r"(\d+) services? trouvés?", html)
    assert count is not None
    return int(count.group(1)), html


def test_drafts_and_merged_organisations_stay_out_of_the_public_directory(
    client: Client, db: None
) -> None:
    ServiceFactory.create(name="Atelier brouillon", draft=True)
    merged = ServiceFactory.create(name="Atelier d'un doublon")
    merged.organisation.merged_into = OrganisationFactory.create(cite=merged.organisation.cite)
    merged.organisation.save()
    ServiceFactory.create(name="Atelier publié")
    count, html = found(client)
    assert count == 1 and "Atelier publié" in html


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_search_page_query_count_is_the_same_with_1_and_50_services(client: Client) -> None:
    cite = CiteFactory.create()
    qpv = QpvFactory.create(centroid_lat=47.2, centroid_lon=6.0)
    cite.qpvs.add(qpv)
    theme = Theme.objects.get(code="educ--sport")

    def add_service() -> None:
        service = ServiceFactory.create(organisation__cite=cite)
        service.qpvs.add(qpv)
        service.set_vocabulary([theme], [])

    add_service()
    one = queries(client, SEARCH + "?q=service")
    for _ in range(49):
        add_service()
    assert queries(client, SEARCH + "?q=service") == one
    assert len(map_points(Service.objects.published())) == 50


@pytest.mark.django_db
def test_map_points_are_exact_or_flagged_approximate() -> None:
    qpv = QpvFactory.create(name="Les Tilleuls", centroid_lat=47.2, centroid_lon=6.0)
    exact = ServiceFactory.create(latitude=47.25, longitude=6.02)
    approximate = ServiceFactory.create()
    approximate.qpvs.add(qpv)
    nowhere = ServiceFactory.create()
    points = {p["id"]: p for p in map_points(Service.objects.all())}
    assert points[exact.pk]["approximate"] is False and points[exact.pk]["lat"] == 47.25
    assert points[approximate.pk] | {"url": ""} == {
        "id": approximate.pk,
        "name": approximate.name,
        "organisation": approximate.organisation.name,
        "lat": 47.2,
        "lon": 6.0,
        "approximate": True,
        "where": "Les Tilleuls",
        "url": "",
    }
    assert nowhere.pk not in points


@pytest.mark.django_db
def test_search_pages_through_results(client: Client) -> None:
    ServiceFactory.create_batch(25)
    first = client.get(SEARCH).content.decode()
    assert "1 / 2" in first and "page=2" in first and "Page précédente" not in first
    second = client.get(SEARCH, {"page": "2"}).content.decode()
    assert "2 / 2" in second and second.count('class="fr-card fr-card--horizontal') == 5
    assert "Page précédente" in second


@pytest.mark.django_db
def test_guides_follow_the_chosen_cite_on_an_instance_of_several(client: Client) -> None:
    first, second = CiteFactory.create(), CiteFactory.create()
    first.qpvs.add(QpvFactory.create(name="Les Tilleuls"))
    second.qpvs.add(QpvFactory.create(name="Les Érables"))
    html = client.get(SEARCH).content.decode()
    assert "Guide de" not in html and "Choisissez une Cité éducative ou un quartier" in html
    html = client.get(SEARCH, {"cite": first.slug}).content.decode()
    assert "Guide de Les Tilleuls" in html and "Guide de Les Érables" not in html
    second.delete()
    html = client.get(SEARCH).content.decode()
    assert "Guide de Les Tilleuls" in html


class TestOnTheDemo:
    """The Besançon demo's directory, loaded once for these tests."""

    def test_demo_directory_lists_the_seed_actors(self, client: Client, demo: DemoResult) -> None:
        made_up = (len(fictitious.ORGANISATIONS), len(fictitious.SERVICES))
        assert demo.directory == (len(ORGANISATIONS) + 2, len(SERVICES) + 3, 10) and made_up == (
            2,
            3,
        )
        assert Organisation.objects.count() == 35 and Service.objects.count() == 39
        count, html = found(client)
        assert count == 39
        for acronym in ["AFEV", "CIDFF", "ADDSEA", "ANLCI", "UDAF"]:
            assert Organisation.objects.filter(acronym=acronym).exists()
        assert "Café des parents" in client.get(SEARCH, {"page": "1", "q": "café"}).content.decode()

    def test_search_without_accents_finds_parenting_services(
        self, client: Client, demo: DemoResult
    ) -> None:
        parenting = Theme.objects.get(code="famille--soutien-a-la-parentalite-et-a-leducation")
        expected = set(parenting.services.values_list("name", flat=True))
        count, html = found(client, q="parentalite")
        assert count == len(expected) >= 5
        for name in expected:
            assert escape(name) in html
        assert found(client, q="PARENTALITÉ")[0] == count

    def test_filters_narrow_the_results(self, client: Client, demo: DemoResult) -> None:
        everything = found(client)[0]
        four_year_old = found(client, age="4")[0]
        assert 0 < four_year_old < everything
        assert found(client, qpv="QN02505M")[0] < everything  # ADNA is only in Clairs-Soleils …
        assert "Dépistage neuropsychologique" in found(client, qpv="QN02505M")[1]
        assert "Dépistage neuropsychologique" not in found(client, qpv="QN02503M")[1]
        assert found(client, theme="educ--sport")[0] == 1
        assert (
            found(client, type="formation")[0] == Service.objects.filter(type="formation").count()
        )
        assert found(client, public="educ--parents", age="4")[0] >= 1

    def test_a_wrong_filter_is_an_error_that_keeps_the_input(
        self, client: Client, demo: DemoResult
    ) -> None:
        response = client.get(SEARCH, {"age": "quatre", "q": "lecture", "theme": "inconnu"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Saisissez un nombre entier" in html
        assert 'value="quatre"' in html and 'value="lecture"' in html
        assert "Sélectionnez un choix valide" in html
        assert found(client, q="lecture", age="quatre")[0] == found(client, q="lecture")[0]


# The same answers on SQLite (`make run`) and PostgreSQL (full text): CI runs this file on both.
SAME_ON_BOTH_ENGINES = [
    ("parentalite", {"Atelier parentalité"}),  # no accent typed
    ("PARENTALITÉ", {"Atelier parentalité"}),  # capitals, accent
    ("ateliers", {"Atelier parentalité", "Ateliers théâtre"}),  # plural typed, singular written
    ("théâtres", {"Ateliers théâtre"}),
    ("aide aux devoirs", {"Aide aux devoirs"}),  # two words, a stop word between
    ("devoirs aide", {"Aide aux devoirs"}),  # in any order
    ("aide théâtre", set()),  # every word must be found
    ("foot", {"Club de football"}),  # the start of a word
    ("parents", {"Atelier parentalité"}),  # in the description
    ("de la", {"Atelier parentalité", "Ateliers théâtre", "Aide aux devoirs", "Club de football"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "expected"), SAME_ON_BOTH_ENGINES)
def test_the_same_words_find_the_same_services_on_both_engines(
    typed: str, expected: set[str]
) -> None:
    organisation = OrganisationFactory.create(name="Maison de quartier Nord")
    for name, description in [
        ("Atelier parentalité", "Un moment pour les parents et leurs enfants."),
        ("Ateliers théâtre", "Improvisation et expression, le mercredi."),
        ("Aide aux devoirs", "Accompagnement scolaire après la classe."),
        ("Club de football", "Entraînements le samedi."),
    ]:
        ServiceFactory.create(organisation=organisation, name=name, description=description)
    found = set(Service.objects.published().search(q=typed).values_list("name", flat=True))
    assert found == expected


@pytest.mark.django_db
def test_on_postgresql_a_word_of_the_name_ranks_before_a_word_of_the_description(
    client: Client,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("le classement par pertinence est celui de PostgreSQL")
    organisation = OrganisationFactory.create(name="Centre social")
    ServiceFactory.create(
        organisation=organisation, name="Accueil du mercredi", description="Un atelier cirque."
    )
    ServiceFactory.create(organisation=organisation, name="Zèbre atelier", description="Jeux.")
    count, html = found(client, q="atelier")
    assert count == 2
    assert html.index("Zèbre atelier") < html.index("Accueil du mercredi")
