"""Each role's home and menu on the Besançon demo: what it shows, and that every link of the
menu opens (the menu and the views ask the same access functions)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.accounts.models import User
from citeduc.action_plan.models import Action
from citeduc.demo.loading import DEMO_DOMAIN, DemoResult
from citeduc.directory.models import Organisation
from citeduc.funding.models import GrantRequest
from citeduc.portal.navigation import menu

ROLES = ["porteur", "instance", "coordination", "ville", "etat", "education", "national"]


def login(role: str) -> tuple[Client, User]:
    user = User.objects.get(email=f"{role}@{DEMO_DOMAIN}")
    client = Client()
    client.force_login(user)
    return client, user


# Database-agnostic pages on the whole demo: read once, in the PostgreSQL pass (docs/tests.md).
@pytest.mark.pg_only
class TestHomes:
    def test_login_lands_on_the_home_of_the_role(self, demo: DemoResult) -> None:
        response = Client().post(
            reverse("accounts:login"),
            {"username": f"porteur@{DEMO_DOMAIN}", "password": "citeduc-demo-2024"},
        )
        assert response.status_code == 302 and response["Location"] == reverse("portal:home")

    def test_a_porteur_finds_its_structure_its_requests_and_the_open_calls(
        self, demo: DemoResult
    ) -> None:
        client, _user = login("porteur")
        page = client.get(reverse("portal:home")).content.decode()
        assert "Vos structures" in page and "Association PARI" in page
        assert "Vos demandes de subvention" in page and "Appels à projets ouverts" in page
        assert "Chiffres clés" not in page  # the cockpit is the coordination's

    def test_the_coordination_finds_the_cockpit_each_card_a_link(self, demo: DemoResult) -> None:
        client, _user = login("coordination")
        page = client.get(reverse("portal:home")).content.decode()
        assert "Chiffres clés" in page and "Enveloppe P147 engagée" in page
        assert "Cofinancements hors État" in page and "Demandes à instruire" in page
        year = page.split("Chiffres clés ")[1][:4]
        assert reverse("funding:dashboard", args=["besancon", int(year)]) in page
        assert "Vos structures" not in page

    def test_the_cockpit_shows_a_year_of_the_label(self, demo: DemoResult) -> None:
        client, _user = login("coordination")
        page = client.get(reverse("portal:home"), {"annee": "2025"}).content.decode()
        assert "Chiffres clés 2025" in page
        assert reverse("funding:dashboard", args=["besancon", 2025]) in page
        outside = client.get(reverse("portal:home"), {"annee": "1999"}).content.decode()
        assert "Chiffres clés 1999" not in outside and "Chiffres clés 20" in outside

    def test_the_national_account_finds_the_cites_and_the_national_pages(
        self, demo: DemoResult
    ) -> None:
        client, _user = login("national")
        page = client.get(reverse("portal:home")).content.decode()
        assert reverse("national:indicator_list") in page
        assert reverse("national:review_list") in page and "Cité éducative de Besançon" in page

    @pytest.mark.parametrize("role", ROLES)
    def test_every_link_of_the_menu_opens(self, demo: DemoResult, role: str) -> None:
        client, user = login(role)
        sections = menu(user, demo.cite)
        links = [link.url for section in sections for link in section.links]
        assert links, role
        refused = [url for url in links if client.get(url).status_code != 200]
        assert refused == []

    def test_the_menu_follows_the_role(self, demo: DemoResult) -> None:
        _client, porteur = login("porteur")
        _client, etat = login("etat")
        _client, national = login("national")
        labels = {
            who.email: {link.label for s in menu(who, demo.cite) for link in s.links}
            for who in (porteur, etat, national)
        }
        assert "Programmation" not in labels[porteur.email]
        assert {"Programmation", "Décisions de l'année", "Contrôle"} <= labels[etat.email]
        assert "Consolidation des indicateurs" in labels[national.email]
        assert "Décisions de l'année" not in labels[national.email]  # national reads only

    def test_the_pilots_have_the_coordinations_menu(self, demo: DemoResult) -> None:
        _client, coordination = login("coordination")
        expected = menu(coordination, demo.cite)
        for role in ("ville", "etat", "education"):
            _client, pilot = login(role)
            assert menu(pilot, demo.cite) == expected, role

    def test_a_member_of_a_body_has_part_of_the_coordinations_menu(self, demo: DemoResult) -> None:
        _client, coordination = login("coordination")
        _client, member = login("instance")

        def links(user: User) -> set[str]:
            return {link.url for section in menu(user, demo.cite) for link in section.links}

        assert links(member) < links(coordination)

    def test_the_header_shows_the_menu_and_a_menu_button(self, demo: DemoResult) -> None:
        client, _user = login("etat")
        page = client.get(reverse("portal:home")).content.decode()
        assert 'aria-controls="menu-mobile"' in page and "fr-btn--menu" in page
        assert "Financements" in page and "/cites/besancon/financements/" in page

    def test_the_home_makes_as_many_queries_with_1_or_6_requests(self, demo: DemoResult) -> None:
        client, user = login("porteur")
        organisation = Organisation.objects.get(cite=demo.cite, editors=user)
        actions = list(Action.objects.filter(cite=demo.cite, year=2025)[:6])

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                page = client.get(reverse("portal:home")).content.decode()
            assert (
                page.count("Compléter la demande")
                == GrantRequest.objects.filter(applicant=organisation).count()
            )
            return len(captured)

        GrantRequest.objects.create(
            cite=demo.cite, action=actions[0], applicant=organisation, year=2025
        )
        one = queries()
        for action in actions[1:]:
            GrantRequest.objects.create(
                cite=demo.cite, action=action, applicant=organisation, year=2025
            )
        assert queries() == one
