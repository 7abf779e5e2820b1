"""Journeys in Chromium that change data: a login that fails, a first login with its second
factor, a lockout. Each test gets the demo written for itself (conftest's `fresh_demo`)."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from citeduc.accounts.models import User
from citeduc.accounts.tests.login import code_from_secret, next_code
from citeduc.demo.loading import DEMO_DOMAIN, DEMO_PASSWORD, DemoResult
from tests.support.browser import blocking_violations, log_in, url_of

pytestmark = pytest.mark.browser


def test_login_error_keeps_the_email_and_passes_axe(
    page: Page, live_server: Any, fresh_demo: DemoResult
) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(f"coordination@{DEMO_DOMAIN}")
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert "Adresse e-mail ou mot de passe incorrect." in page.content()
    assert page.get_by_label("Adresse e-mail").input_value() == f"coordination@{DEMO_DOMAIN}"
    assert blocking_violations(page) == []


def test_log_in_see_the_private_space_and_log_out(
    page: Page, live_server: Any, fresh_demo: DemoResult
) -> None:
    log_in(page, live_server.url, "ville")
    page.goto(live_server.url + url_of("territory:cite_detail"))
    page.get_by_role("link", name="Espace des partenaires de la Cité").click()
    assert page.locator("h1").inner_text().startswith("Espace des partenaires")
    assert f"etat@{DEMO_DOMAIN}" in page.content()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Se connecter").count() == 1


def test_second_factor_enrolment_and_login_in_chromium(
    page: Page, live_server: Any, fresh_demo: DemoResult
) -> None:
    base = live_server.url
    space = base + url_of("territory:cite_space")
    page.goto(base + reverse("accounts:login") + "?next=" + url_of("territory:cite_space"))
    page.get_by_label("Adresse e-mail").fill(f"ville@{DEMO_DOMAIN}")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    # A pilot owes a second factor: the space sends to its setup, which shows a QR code.
    assert page.url.startswith(base + reverse("accounts:second_factor_setup"))
    assert page.locator("figure svg").count() == 1
    assert blocking_violations(page) == []
    secret = page.locator("#cle-totp").inner_text()
    page.get_by_label("Code à usage unique").fill(code_from_secret(secret))
    page.get_by_role("button", name="Activer").click()
    assert page.locator("ul[aria-label='Codes de secours'] li").count() == 10
    assert blocking_violations(page) == []
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    page.wait_for_load_state()
    assert page.url == space
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()

    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(f"ville@{DEMO_DOMAIN}")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(space)
    assert page.url.startswith(base + reverse("accounts:second_factor_verify"))
    assert blocking_violations(page) == []
    page.get_by_label("Code à usage unique").fill(
        next_code(User.objects.get(email=f"ville@{DEMO_DOMAIN}"))
    )
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_load_state()
    assert page.url == space
    page.goto(base + reverse("accounts:security"))
    assert page.get_by_text("Activé", exact=True).count() == 1
    assert blocking_violations(page) == []


def test_lockout_page_in_chromium(page: Page, live_server: Any, fresh_demo: DemoResult) -> None:
    for _ in range(5):
        page.goto(live_server.url + reverse("accounts:login"))
        page.get_by_label("Adresse e-mail").fill(f"porteur@{DEMO_DOMAIN}")
        page.get_by_label("Mot de passe").fill("devine")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Connexion suspendue"
    assert blocking_violations(page) == []
