"""Driving Debian's Chromium: where it is, how it starts, how a demo account logs in, what
axe-core finds, and the address of every page on the Besançon demo."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page

from citeduc.accounts.models import User
from citeduc.accounts.tests.login import code_from_secret, next_code
from citeduc.action_plan.models import Action
from citeduc.deliberations.models import Deliberation
from citeduc.demo.loading import DEMO_DOMAIN, DEMO_PASSWORD
from citeduc.directory.models import Claim, Organisation, Service
from citeduc.funding.models import Call, GrantRequest
from citeduc.governance.models import Amendment, BodyMember, DecisionRecord
from citeduc.indicators.models import Indicator
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from citeduc.territory.models import CiteEducative
from tests.support.access import (
    ACTION,
    AMENDMENT,
    AXIS,
    BODY,
    CALL,
    CITE,
    CITE_QPV,
    CITE_YEAR,
    CLAIM,
    CLASSIFICATION,
    CODE,
    COUNCIL,
    DELIBERATION,
    DOC_PARENT,
    EXPIRED_LINK,
    FUNDER_YEAR,
    IMPORT_KIND,
    INDICATOR,
    JOB,
    MEETING,
    MEMBER,
    NATIONAL_KIND,
    NONE,
    OBJECTIVE,
    ORGANISATION,
    PRIORITY,
    QPV,
    RECORD,
    REQUEST,
    REQUEST_STEP,
    RESET_LINK,
    REVIEW,
    REVIEW_PART,
    SERVICE,
    SIGNUP_TOKEN,
    SITTING,
)

CHROMIUM = Path(os.environ.get("CITEDUC_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
AXE = Axe()
BLOCKING = {"serious", "critical"}
# `page_as("coordination")`: a new page logged in as that demo account ("anonyme": a visitor).
PageAs = Callable[[str], Page]


def demo_job() -> Job:
    """A preview of a programmation import of the demo, valid, with its line-by-line report."""
    cite = CiteEducative.objects.get(slug="besancon")
    line = "Ateliers lecture du mercredi — Association Alpha — P147 : 12 500,00 € → 12 000,00 €"
    job, _ = Job.objects.get_or_create(
        kind="programmation",
        cite=cite,
        year=2026,
        file_name="programmation-2026.xlsx",
        defaults={
            "status": JobStatus.DONE,
            "sha256": "0" * 64,
            "report": {
                "created": 1, "updated": 1, "unchanged": 0, "errors": [],
                "notices": ["programmation-2026.csv est encodé en Windows-1252."],
                "lines": [["programmation-2026.xlsx, ligne 2", "created", line],
                          ["programmation-2026.xlsx, ligne 3", "updated", line]],
            },
        },
    )  # fmt: skip
    return job


def demo_claim() -> Claim:
    """A person's pending claim on a structure of the demo, for the coordination's pages."""
    user, _ = User.objects.get_or_create(
        email="demandeuse@asso.example.org", defaults={"full_name": "Dana Demandeuse"}
    )
    organisation = Organisation.objects.get(name="Radio Sud")
    claim, _ = Claim.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"cite": organisation.cite, "name": organisation.name, "message": "Présidente."},
    )
    return claim


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
    if target == JOB:
        kwargs[JOB] = {"pk": demo_job().pk}
    kwargs[IMPORT_KIND] = {**plan, "kind": "programmation"}
    kwargs[NATIONAL_KIND] = {"kind": "annuaire"}
    kwargs[SIGNUP_TOKEN] = {"token": "pas-un-lien-valide"}
    kwargs[FUNDER_YEAR] = {**plan, "year": 2025, "code": "VILLE"}
    if target == CLAIM:
        kwargs[CLAIM] = {**plan, "pk": demo_claim().pk}
    if target in {INDICATOR, CODE}:
        indicator = Indicator.objects.get(cite__slug="besancon", code="PARENTS_IMPLIQUES")
        kwargs[INDICATOR] = {**plan, "pk": indicator.pk}
        kwargs[CODE] = {"code": indicator.code}
    return reverse(name, kwargs=kwargs[target])


def draft_amendment() -> Amendment:
    """The demo has no amendment: one is drafted (written before the pages are served, so that
    the live server, on its own connection, sees it)."""
    amendment, _ = Amendment.objects.get_or_create(
        cite=CiteEducative.objects.get(slug="besancon"),
        number=1,
        defaults={
            "title": "Ajout d'une action (essai)",
            "description": "Ajouter une action au plan.",
            "reason": "Un besoin nouveau.",
            "created_by": User.objects.get(email=f"coordination@{DEMO_DOMAIN}"),
        },
    )
    return amendment


def governance_kwargs(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The demo's first COPIL decision, its meeting and body, and the amendment drafted by
    `draft_amendment`."""
    record = DecisionRecord.objects.select_related("meeting__body").order_by("pk").first()
    assert record is not None
    meeting, body = record.meeting, record.meeting.body
    member = BodyMember.objects.filter(body=body).order_by("pk").first()
    assert member is not None
    amendment = Amendment.objects.get(cite__slug="besancon")
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


def watched_page(context: BrowserContext) -> tuple[Page, list[str]]:
    """A new page of the context, and the list where Chromium's Content Security Policy
    complaints (on its console) are gathered."""
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, blocked


@dataclass
class Site:
    """The demo served by a live server for a module's page checks, with one browser context
    per demo account, logged in the first time it is asked for."""

    url: str
    browser: Browser
    contexts: dict[str, BrowserContext] = field(default_factory=dict)

    def context(self, account: str) -> BrowserContext:
        if account not in self.contexts:
            context = self.browser.new_context(locale="fr-FR")
            if account != "anonyme":
                page = context.new_page()
                log_in(page, self.url, account)
                page.close()
            self.contexts[account] = context
        return self.contexts[account]
