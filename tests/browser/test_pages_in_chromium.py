"""Every page in a real browser, checked by axe-core: zero serious or critical violation."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page

from citeduc.accounts.models import User
from citeduc.accounts.tests.login import code_from_secret, next_code
from citeduc.action_plan.models import Action
from citeduc.common.tests.test_permission_matrix import (
    ACTION,
    AMENDMENT,
    AUTHENTICATED,
    AXIS,
    BODY,
    CALL,
    CITE,
    CITE_QPV,
    CITE_YEAR,
    CLASSIFICATION,
    CODE,
    CONTROLLERS,
    COUNCIL,
    CURATORS,
    DELIBERATION,
    DOC_PARENT,
    EDITORS,
    EXPIRED_LINK,
    INDICATOR,
    LOGIN,
    MEETING,
    MEMBER,
    MEMBERS,
    NATIONAL,
    NONE,
    OBJECTIVE,
    ORGANISATION,
    PARTNERS,
    PRIORITY,
    PUBLIC,
    QPV,
    RECORD,
    REQUEST,
    REQUEST_STEP,
    RESET_LINK,
    REVIEW,
    REVIEW_PART,
    SERVICE,
    SITTING,
)
from citeduc.deliberations.models import Deliberation
from citeduc.demo.loading import DEMO_DOMAIN, DEMO_PASSWORD, load_demo
from citeduc.directory.models import Service
from citeduc.funding.models import Call, GrantRequest
from citeduc.governance.models import Amendment, BodyMember, DecisionRecord
from citeduc.indicators.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
BLOCKING = {"serious", "critical"}
# Pages a person opens in a browser, straight from the access matrix: a new page is checked here
# as soon as it is classified there.
PAGES = sorted(name for name, (policy, _) in CLASSIFICATION.items() if policy in {PUBLIC, LOGIN})
MEMBER_PAGES = sorted(
    name
    for name, (policy, _) in CLASSIFICATION.items()
    if policy in {MEMBERS, PARTNERS, EDITORS, CURATORS, CONTROLLERS, AUTHENTICATED}
)


def url_of(name: str) -> str:
    """The URL of a page on the demo data."""
    target = CLASSIFICATION[name][1]
    service = Service.objects.published().order_by("pk").first()
    action = Action.objects.filter(priority__isnull=True).order_by("pk").first()
    assert service is not None and action is not None
    objective = action.objectives.select_related("axis").get()
    priority = objective.axis.priorities.order_by("number").first()
    assert priority is not None
    plan = {"slug": "besancon"}
    first_request = GrantRequest.objects.order_by("pk").values_list("pk", flat=True)[0]
    call = Call.objects.order_by("pk").values_list("pk", flat=True)[0]
    kwargs: dict[str, dict[str, Any]] = {
        NONE: {},
        RESET_LINK: EXPIRED_LINK,
        CITE: {"slug": "besancon"},
        SERVICE: {"pk": service.pk},
        ORGANISATION: {"pk": service.organisation_id},
        QPV: {"code": "QN02503M"},
        CITE_QPV: {**plan, "code": "QN02503M"},
        ACTION: {**plan, "pk": action.pk},
        AXIS: {**plan, "pk": objective.axis_id},
        OBJECTIVE: {**plan, "pk": objective.pk},
        PRIORITY: {**plan, "pk": priority.pk},
        CITE_YEAR: {**plan, "year": 2025},
        REQUEST: {**plan, "pk": first_request},
        REQUEST_STEP: {**plan, "pk": first_request, "step": "budget"},
        CALL: {**plan, "pk": call},
        REVIEW: {**plan, "year": 2025},
        REVIEW_PART: {**plan, "year": 2025, "part": "evaluation"},
    }
    if target in {BODY, MEMBER, MEETING, RECORD, DOC_PARENT, AMENDMENT}:
        kwargs.update(governance_kwargs(plan))
    if target in {COUNCIL, SITTING, DELIBERATION}:
        deliberation = Deliberation.objects.select_related("sitting").get(number="007788")
        kwargs[COUNCIL] = {"pk": deliberation.sitting.council_id}
        kwargs[SITTING] = {"pk": deliberation.sitting_id}
        kwargs[DELIBERATION] = {"pk": deliberation.pk}
        if name == "deliberations:sitting_create":
            kwargs[COUNCIL] = {"council_pk": deliberation.sitting.council_id}
        if name == "deliberations:deliberation_create":
            kwargs[SITTING] = {"sitting_pk": deliberation.sitting_id}
    if target in {INDICATOR, CODE}:
        indicator = Indicator.objects.get(cite__slug="besancon", code="PARENTS_IMPLIQUES")
        kwargs[INDICATOR] = {**plan, "pk": indicator.pk}
        kwargs[CODE] = {"code": indicator.code}
    return reverse(name, kwargs=kwargs[target])


def governance_kwargs(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The demo's first COPIL decision, its meeting and body, and an amendment (the demo has
    none: one is drafted here)."""
    record = DecisionRecord.objects.select_related("meeting__body").order_by("pk").first()
    assert record is not None
    meeting, body = record.meeting, record.meeting.body
    member = BodyMember.objects.filter(body=body).order_by("pk").first()
    assert member is not None
    amendment = Amendment.objects.filter(cite__slug="besancon").first() or Amendment.objects.create(
        cite=body.cite,
        number=1,
        title="Ajout d'une action (essai)",
        description="Ajouter une action au plan.",
        reason="Un besoin nouveau.",
        created_by=User.objects.get(email=f"coordination@{DEMO_DOMAIN}"),
    )
    return {
        BODY: {**plan, "pk": body.pk},
        MEMBER: {**plan, "pk": body.pk, "member_pk": member.pk},
        MEETING: {**plan, "pk": meeting.pk},
        RECORD: {**plan, "pk": meeting.pk, "decision_pk": record.pk},
        DOC_PARENT: {**plan, "parent": "reunion", "parent_pk": meeting.pk},
        AMENDMENT: {**plan, "pk": amendment.pk},
    }


def blocking_violations(page: Page) -> list[dict[str, Any]]:
    results = AXE.run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def log_in(page: Page, base: str, local: str) -> None:
    """The login form, then the second factor: set up on the first login of an account that
    must use it (the key read off the page, as an app would scan it), its code afterwards."""
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(f"{local}@{DEMO_DOMAIN}")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.goto(base + reverse("home"))
    # The code page's address starts with the setup page's: ask for it first.
    if page.url.startswith(base + reverse("accounts:second_factor_verify")):
        user = User.objects.get(email=f"{local}@{DEMO_DOMAIN}")
        page.get_by_label("Code à usage unique").fill(next_code(user))
        page.get_by_role("button", name="Vérifier").click()
    elif page.url.startswith(base + reverse("accounts:second_factor_setup")):
        secret = page.locator("#cle-totp").inner_text()
        page.get_by_label("Code à usage unique").fill(code_from_secret(secret))
        page.get_by_role("button", name="Activer").click()
        page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    page.wait_for_load_state()
    assert "/compte/second-facteur/" not in page.url, page.url


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(with_accounts=True)


@pytest.mark.parametrize("name", PAGES)
def test_public_page_passes_axe(page: Page, live_server: Any, demo: None, name: str) -> None:
    response = page.goto(live_server.url + url_of(name))
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.title().endswith("citeduc")
    assert page.locator("main h1").count() == 1
    assert blocking_violations(page) == []


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_page_passes_axe(page: Page, live_server: Any, demo: None, name: str) -> None:
    log_in(page, live_server.url, "coordination")
    response = page.goto(live_server.url + url_of(name))
    assert response is not None and response.status == 200
    assert blocking_violations(page) == []


NATIONAL_PAGES = sorted(name for name, (policy, _) in CLASSIFICATION.items() if policy == NATIONAL)


@pytest.mark.parametrize("name", NATIONAL_PAGES)
def test_national_page_passes_axe(page: Page, live_server: Any, demo: None, name: str) -> None:
    log_in(page, live_server.url, "national")
    response = page.goto(live_server.url + url_of(name) + "?annee=2025")
    assert response is not None and response.status == 200
    assert blocking_violations(page) == []


def test_not_found_page_passes_axe(page: Page, live_server: Any, demo: None) -> None:
    response = page.goto(live_server.url + "/cites/inconnue/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert blocking_violations(page) == []


def test_bad_request_page_passes_axe(page: Page, live_server: Any, demo: None) -> None:
    response = page.goto(live_server.url + reverse("directory:search") + "?q=%00")
    assert response is not None and response.status == 400
    assert page.locator("h1").inner_text() == "Requête incorrecte"
    assert "caractère nul" in page.locator("main").inner_text()
    assert blocking_violations(page) == []


def test_login_error_keeps_the_email_and_passes_axe(
    page: Page, live_server: Any, demo: None
) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(f"coordination@{DEMO_DOMAIN}")
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert "Adresse e-mail ou mot de passe incorrect." in page.content()
    assert page.get_by_label("Adresse e-mail").input_value() == f"coordination@{DEMO_DOMAIN}"
    assert blocking_violations(page) == []


def test_cite_map_draws_the_six_qpv_without_network(
    page: Page, live_server: Any, demo: None
) -> None:
    # The tile server is out of reach here, as on a closed network: contours must still draw.
    page.goto(live_server.url + url_of("territory:cite_detail"))
    page.wait_for_selector("#cite-map[data-ready='true']")
    assert page.locator("#cite-map path.leaflet-interactive").count() == 6
    rows = page.locator("section[aria-labelledby='qpv'] tbody tr")
    assert rows.count() == 6


def test_directory_map_shows_keyboard_reachable_markers_without_network(
    page: Page, live_server: Any, demo: None
) -> None:
    page.goto(live_server.url + reverse("directory:search") + "?q=parentalite")
    page.get_by_role("tab", name="Carte").click()
    page.wait_for_selector("#directory-map[data-ready='true']")
    markers = page.locator("#directory-map .citeduc-marker")
    assert markers.count() >= 1
    first = markers.first
    assert first.get_attribute("tabindex") == "0"
    assert first.get_attribute("aria-label")
    first.focus()
    page.keyboard.press("Enter")
    # Every service here sits at a QPV centre: Enter opens the list of that place's services.
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert popup.locator("a[href^='/annuaire/services/']").count() >= 1
    assert "Position approximative" in popup.inner_text()
    assert blocking_violations(page) == []


def test_directory_search_by_typing(page: Page, live_server: Any, demo: None) -> None:
    page.goto(live_server.url + reverse("directory:search"))
    page.get_by_label("Rechercher").fill("parentalite")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert "Café des parents" in page.content()
    assert page.get_by_label("Rechercher").input_value() == "parentalite"


def test_log_in_see_the_private_space_and_log_out(page: Page, live_server: Any, demo: None) -> None:
    log_in(page, live_server.url, "ville")
    page.goto(live_server.url + url_of("territory:cite_detail"))
    page.get_by_role("link", name="Espace des partenaires de la Cité").click()
    assert page.locator("h1").inner_text().startswith("Espace des partenaires")
    assert f"etat@{DEMO_DOMAIN}" in page.content()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Se connecter").count() == 1


def test_second_factor_enrolment_and_login_in_chromium(
    page: Page, live_server: Any, demo: None
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


def test_lockout_page_in_chromium(page: Page, live_server: Any, demo: None) -> None:
    for _ in range(5):
        page.goto(live_server.url + reverse("accounts:login"))
        page.get_by_label("Adresse e-mail").fill(f"porteur@{DEMO_DOMAIN}")
        page.get_by_label("Mot de passe").fill("devine")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Connexion suspendue"
    assert blocking_violations(page) == []
