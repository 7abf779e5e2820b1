import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.demo.loading import DemoResult
from citeduc.directory.coverage import coverage_of
from citeduc.directory.guide import guide_sections, incomplete
from citeduc.directory.models import Service, Theme
from citeduc.directory.tests.factories import ServiceFactory
from citeduc.territory.models import Qpv
from citeduc.territory.tests.factories import CiteFactory
from tests.support.world import World


def test_api_service_detail_hides_drafts(client: Client, world: World) -> None:
    service = world.own.service
    assert client.get(f"/api/services/{service.pk}").json()["name"] == service.name
    draft = ServiceFactory.create(draft=True)
    assert client.get(f"/api/services/{draft.pk}").status_code == 404


@pytest.mark.django_db
def test_api_list_query_count_is_flat(client: Client) -> None:
    cite = CiteFactory.create(slug="flat")
    theme = Theme.objects.get(code="educ--culture")

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/cites/flat/services").status_code == 200
        return len(context.captured_queries)

    ServiceFactory.create(organisation__cite=cite).set_vocabulary([theme], [])
    one = count()
    for _ in range(19):
        ServiceFactory.create(organisation__cite=cite).set_vocabulary([theme], [])
    assert count() == one


def demo_user(demo: DemoResult, role: Role) -> User:
    return demo.cite.memberships.get(role=role).user


class TestOnTheDemo:
    """The Besançon demo's directory, loaded once for these tests."""

    def test_api_lists_services_with_the_page_filters_and_no_token(
        self, client: Client, demo: DemoResult
    ) -> None:
        body = client.get("/api/cites/besancon/services", {"q": "parentalite"}).json()
        expected = Service.objects.published().search(q="parentalité")
        assert body["count"] == expected.count() >= 5
        assert {s["name"] for s in body["items"]} == set(expected.values_list("name", flat=True))
        page2 = client.get("/api/cites/besancon/services", {"page": 2}).json()
        assert page2["count"] == 39 and len(page2["items"]) == 19  # 36 of the seed, 3 made up
        four = client.get("/api/cites/besancon/services", {"age": 4}).json()["items"]
        assert all((s["age_min"] or 0) <= 4 <= (s["age_max"] or 99) for s in four)
        assert client.get("/api/cites/besancon/services", {"age": "quatre"}).status_code == 422
        assert client.get("/api/cites/inconnue/services").status_code == 404

    def test_coverage_shows_who_does_what_where_and_the_gaps(
        self, client: Client, demo: DemoResult
    ) -> None:
        coverage = coverage_of(demo.cite)
        assert len(coverage.qpvs) == 6
        sante = coverage.by_theme["Santé de l'enfant, dépistage, prévention"]
        assert sante["QN02505M"] >= {"ADNA"}
        assert "ADNA" not in sante.get("QN02503M", set())
        assert coverage.organisations["ADNA"] == {"QN02505M"}
        # every QPV has something for 6-10 year olds, and the gaps are exactly the empty cells
        assert all(count > 0 for count in coverage.by_age["6 à 10 ans"].values())
        empty = {
            (band, code)
            for band, counts in coverage.by_age.items()
            for code, n in counts.items()
            if n == 0
        }
        assert len(coverage.gaps()) == len(empty)
        client.force_login(demo_user(demo, Role.MEMBRE_INSTANCE))
        html = client.get(reverse("directory:coverage", args=["besancon"])).content.decode()
        assert "Structures × quartiers" in html and "ADNA" in html

    def test_guide_pdf_for_a_qpv(self, client: Client, demo: DemoResult) -> None:
        planoise = Qpv.objects.get(code="QN02503M")
        sections = dict(guide_sections(planoise))
        names = {s.name for services in sections.values() for s in services}
        # Only the services a family can reach: the seed's real actors have no contact (none is
        # invented), so Planoise's guide holds the two complete made-up services.
        assert names == {
            "Aide aux devoirs du soir (données de démonstration)",
            "Accompagnement des parents dans la scolarité (données de démonstration)",
        }
        assert "Jeux en famille (données de démonstration)" not in names  # Clairs-Soleils only
        left_out = set(
            incomplete(Service.objects.filter(qpvs=planoise)).values_list("name", flat=True)
        )
        assert "Lutte contre l'illettrisme à Planoise" in left_out
        response = client.get(reverse("directory:qpv_guide", args=["QN02503M"]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-") and len(response.content) > 5000
        assert client.get(reverse("directory:qpv_guide", args=["QN00000X"])).status_code == 404
