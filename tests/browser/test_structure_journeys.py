"""Issue 25's two journeys in Chromium, every new page checked by axe-core.

- An association joins by itself (1 280 px): a new person signs up, confirms the address,
  claims a demo structure, is accepted by the coordination, completes a service and publishes
  it, invites a colleague, then answers the 2026 call for projects with that structure.
- A family on a phone (390 px): searches by address, sees the nearest services with their
  distances, opens one, downloads its neighbourhood's guide, whose text holds the phone and
  hours of the service.
"""

import re
import subprocess
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Browser, Page

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Membership, User
from citeduc.demo.loading import DemoResult
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import Organisation, Service
from citeduc.funding.models import GrantRequest
from tests.support.browser import CHROMIUM, blocking_violations, log_in, watched_page
from tests.support.geocoder import geocoder

pytestmark = pytest.mark.browser

EMAIL = "ines.tresoriere@cafe-charlie.example.org"
PASSWORD = "un vélo rouge sous la pluie"
STRUCTURE = "Café Charlie"
SHOTS = "/tmp/citeduc-shots"


def checked(page: Page) -> None:
    assert blocking_violations(page) == [], page.url


def shot(page: Page, name: str) -> None:
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()


def confirmation_link() -> str:
    [message] = [m for m in mail.outbox if EMAIL in m.to and "Confirmez" in m.subject]
    found = re.search(r"https?://[^/\s]+(/inscription/confirmer/\S+/)", str(message.body))
    assert found
    return found.group(1)


def test_an_association_joins_publishes_invites_and_applies(
    page: Page, live_server: Any, fresh_demo: DemoResult
) -> None:
    base = live_server.url
    # Sign up from the login page.
    page.goto(base + reverse("accounts:login"))
    page.get_by_role("link", name="Créer un compte").click()
    checked(page)
    page.get_by_label("Prénom et nom").fill("Inès Trésorière")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)  # its label carries a hint
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()
    assert "Confirmez votre adresse" in page.content()
    checked(page)

    # The link of the e-mail opens the account and lands on "Mes structures".
    page.goto(base + confirmation_link())
    assert page.locator("h1").inner_text() == "Mes structures"
    checked(page)
    page.get_by_role("link", name="Rattacher une structure de l'annuaire").click()
    page.get_by_label("SIRET, numéro RNA ou nom de la structure").fill(STRUCTURE)
    page.get_by_role("button", name="Rechercher").click()
    checked(page)
    page.locator("textarea[name=message]").first.fill("Trésorière de l'association.")
    page.get_by_role(
        "button", name=re.compile(f"Demander à gérer cette structure : {STRUCTURE}")
    ).click()
    page.wait_for_load_state()
    assert "En attente de la coordination" in page.content()
    shot(page, "structures-claim-pending-1280")
    log_out(page)

    # The coordination accepts, from its home.
    log_in(page, base, "coordination")
    page.goto(base + reverse("portal:home"))
    page.get_by_role("link", name=re.compile("1 demande de rattachement")).click()
    checked(page)
    page.get_by_role("link", name=re.compile(f"Examiner.*{STRUCTURE}")).click()
    checked(page)
    page.get_by_role("button", name="Accepter la demande").click()
    page.wait_for_load_state()
    assert "Demande acceptée" in page.content()
    log_out(page)
    person = User.objects.get(email=EMAIL)
    organisation = Organisation.objects.get(name=STRUCTURE)
    assert organisation.administrators.filter(pk=person.pk).exists()

    # The new member logs in, adds a complete service and publishes it.
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Mes structures : services, membres, demandes").click()
    page.get_by_role("link", name=f"Ajouter un service à {STRUCTURE}").click()
    checked(page)
    page.locator("#id_name").fill("Atelier radio des collégiens")
    page.get_by_label("Description").fill("Les collégiens préparent et enregistrent une émission.")
    # A DSFR checkbox is ticked by clicking its label, as a person does.
    page.locator("label", has_text="Numérique éducatif, éducation aux médias").click()
    page.locator("#id_age_min").fill("11")
    page.locator("#id_age_max").fill("15")
    page.locator("#id_phone").fill("03 53 01 00 42")
    page.locator("#id_email").fill("radio@cafe-charlie.example.org")
    page.locator("label", has_text="Sur place, à l'adresse indiquée").click()
    page.locator("#id_address").fill("7 rue Fictive")
    page.get_by_label("Code postal").fill("25000")
    page.locator("#pin-map").click(position={"x": 200, "y": 150})  # the pin
    assert page.get_by_label("Latitude").input_value() != ""
    page.locator("#id_schedule").fill("We 14:00-17:00")
    page.locator("#id_cost").select_option("gratuit")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "brouillon" in page.content()
    checked(page)
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert "est publié dans l'annuaire" in page.content()
    assert "Le mercredi : 14:00 – 17:00." in page.content()
    shot(page, "structures-service-published-1280")
    service = Service.objects.get(name="Atelier radio des collégiens")
    assert service.status == ServiceStatus.PUBLISHED and service.phone == "+33353010042"
    assert service.latitude is not None and not service.position_approximate

    # Invites a colleague.
    page.goto(base + reverse("directory:my_structures"))
    page.get_by_role("link", name=f"Membres de {STRUCTURE}").click()
    checked(page)
    page.get_by_label("Adresse e-mail de la personne").fill("colin@cafe-charlie.example.org")
    page.get_by_role("button", name="Inviter").click()
    page.wait_for_load_state()
    assert "colin@cafe-charlie.example.org" in page.content()
    assert organisation.editors.filter(email="colin@cafe-charlie.example.org").exists()

    # Answers the 2026 call for projects in the structure's name.
    page.goto(base + reverse("portal:home"))
    page.get_by_role("link", name=re.compile("Appel à projets 2026")).click()
    page.get_by_role("link", name="Déposer une demande").click()
    checked(page)
    page.get_by_label("Intitulé du projet").fill("Une radio au collège")
    page.get_by_role("button", name="Commencer la demande").click()
    page.wait_for_load_state()
    grant = GrantRequest.objects.get(action__title="Une radio au collège")
    assert grant.applicant == organisation and grant.year == 2026
    assert Membership.objects.filter(user=person, role=Role.PORTEUR).exists()


def test_a_family_on_a_phone_finds_the_nearest_services_and_prints_the_guide(
    browser: Browser, live_server: Any, fresh_demo: DemoResult
) -> None:
    assert CHROMIUM.exists()
    base = live_server.url
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page, blocked = watched_page(context)
    known = {"5 rue de Fribourg": (47.2209, 5.9700, "5 Rue de Fribourg 25000 Besançon")}
    with geocoder(known) as (url, _asked), override_settings(CITEDUC_GEOCODER_URL=url):
        page.goto(base + reverse("directory:search"))
        page.get_by_label("Près de").fill("5 rue de Fribourg, Besançon")
        page.get_by_label("Distance").select_option("2")
        page.get_by_role("button", name="Rechercher").click()
        page.wait_for_load_state()
        checked(page)
        text = page.content()
        assert "Classés du plus proche au plus loin de 5 Rue de Fribourg" in text
        # The two services of the made-up association nearby come first, 90 m away.
        nearest = page.locator(".citeduc-results > li")
        two = [nearest.nth(0).inner_text(), nearest.nth(1).inner_text()]
        assert all("à 90 m" in text for text in two), two
        assert any("Aide aux devoirs du soir" in text for text in two)
        shot(page, "family-distance-search-390")
        page.get_by_role("link", name="Aide aux devoirs du soir (données de démonstration)").click()
        page.wait_for_load_state()
        checked(page)
        assert (
            "03 53 01 00 11" in page.content()
            and "PUBLIÉ" not in page.content().upper().replace("PUBLIÉS", "")
        )
        shot(page, "family-service-card-390")
        page.go_back()
        guide = page.get_by_role("link", name="Guide de Planoise (PDF)")
        pdf = page.request.get(base + str(guide.get_attribute("href")))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    words = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "03 53 01 00 11" in words and "16:30" in words and "18:30" in words
    assert "Aide aux devoirs du soir" in words
    context.close()
    assert blocked == []
