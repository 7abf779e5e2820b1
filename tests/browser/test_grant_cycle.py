"""The whole life of a grant request in Debian's Chromium, every step checked by axe-core.

A porteur applies to the demo's 2025 call (reopened by the coordination for the test), the
coordination asks a correction, the porteur corrects, two instructors give opinions, the COPIL
decides, the payment is recorded, the porteur files its report, the request is closed.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import FilePayload, Page

from citeduc.demo.loading import DEMO_DOMAIN, DemoResult
from citeduc.directory.validators import luhn_ok
from citeduc.funding.enums import RequestStatus
from citeduc.funding.loaders import check
from citeduc.funding.models import Call, GrantRequest
from tests.support.browser import blocking_violations, log_in

pytestmark = pytest.mark.browser

TITLE = "Lire ensemble au Pari"
PDF = b"%PDF-1.4\n% piece de test\n"
S = RequestStatus


def checked(page: Page) -> None:
    assert blocking_violations(page) == [], page.url


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()


def as_user(page: Page, base: str, who: str) -> None:
    if page.get_by_role("button", name="Se déconnecter").count():
        log_out(page)
    log_in(page, base, who)


def status_of() -> str:
    return GrantRequest.objects.get(action__title=TITLE).status


def test_the_whole_grant_cycle(page: Page, live_server: Any, fresh_demo: DemoResult) -> None:
    base = live_server.url
    call = Call.objects.get(year=2025)
    slug = call.cite.slug
    before, _ = check(call.cite, 2025)

    # The coordination extends the 2025 call's deadline.
    as_user(page, base, "coordination")
    page.goto(base + reverse("funding:call_edit", args=[slug, call.pk]))
    checked(page)
    deadline = timezone.localdate() + timedelta(days=30)
    page.locator('[name="closes_on"]').fill(deadline.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Ouvert" in page.content()

    # The porteur applies.
    as_user(page, base, "porteur")
    page.goto(base + reverse("funding:call_detail", args=[slug, call.pk]))
    checked(page)
    page.get_by_role("link", name="Déposer une demande").click()
    checked(page)
    page.get_by_label("Intitulé du projet").fill(TITLE)
    page.get_by_role("button", name="Commencer la demande").click()
    page.wait_for_load_state()
    assert status_of() == S.DRAFT

    siret = next(f"4431210090001{d}" for d in "0123456789" if luhn_ok(f"4431210090001{d}"))
    checked(page)
    for name, value in {
        "siret": siret,
        "rna": "W251000321",
        "legal_representative": "Claude Martin",
        "legal_representative_role": "Présidente",
        "contact_name": "Sam Durand",
        "contact_email": "sam@pari.example.org",
    }.items():
        page.locator(f'[name="{name}"]').fill(value)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()

    checked(page)
    page.locator('[name="title"]').fill(TITLE)
    page.locator('input[name="objectives"]').first.check(force=True)
    page.locator('[name="description"]').fill("Ateliers de lecture partagée parents-enfants.")
    page.locator('input[name="age_bands"][value="6-10"]').check(force=True)
    page.locator('[name="expected_girls"]').fill("15")
    page.locator('[name="expected_boys"]').fill("12")
    page.locator('input[name="qpvs"]').first.check(force=True)
    page.locator('[name="start_date"]').fill("2025-03-01")
    page.locator('[name="end_date"]').fill("2025-12-15")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()

    # An unbalanced budget is saved as a draft, with what unbalances it shown.
    checked(page)
    grant = GrantRequest.objects.get(action__title=TITLE)
    p147, ville = (call.funders.get(code=code) for code in ("P147", "VILLE"))
    page.locator('[name="amount_61"]').fill("6000")
    page.locator('[name="amount_64"]').fill("18000")
    page.locator(f'[name="asked_{p147.pk}"]').fill("15000")
    page.locator(f'[name="asked_{ville.pk}"]').fill("6000")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    assert "total des charges 24 000,00 € ≠ total des produits 21 000,00 €" in page.content()
    assert page.locator(f'[name="asked_{p147.pk}"]').input_value() == "15000.00"
    checked(page)
    page.locator('[name="amount_70"]').fill("3000")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()

    checked(page)
    page.get_by_role("button", name="Enregistrer et continuer").click()  # nothing sworn yet
    page.wait_for_load_state()
    page.goto(base + reverse("funding:request_step", args=[slug, grant.pk, "recapitulatif"]))
    checked(page)
    assert "contrat d'engagement républicain (R-FUND-9)" in page.content()
    assert page.get_by_role("button", name="Déposer la demande").is_disabled()
    page.goto(base + reverse("funding:request_step", args=[slug, grant.pk, "declarations"]))
    for name in ("republican_commitment", "sworn_obligations", "sworn_accurate"):
        page.locator(f'input[name="{name}"]').check(force=True)
    page.locator('[name="signatory"]').fill("Claude Martin, présidente")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()

    # Attachments: a forbidden type is refused, then the three required pieces go in.
    checked(page)
    page.locator('[name="kind"]').select_option("statuts")
    page.set_input_files(
        'input[name="file"]',
        files=FilePayload(name="statuts.pdf", mimeType="application/pdf", buffer=b"MZ not a pdf"),
    )
    page.get_by_role("button", name="Ajouter la pièce").click()
    page.wait_for_load_state()
    assert "n'est pas d'un type accepté" in page.content()
    checked(page)
    for kind in ("statuts", "rib", "comptes"):
        page.locator('[name="kind"]').select_option(kind)
        page.set_input_files(
            'input[name="file"]',
            files=FilePayload(name=f"{kind}.pdf", mimeType="application/pdf", buffer=PDF),
        )
        page.get_by_role("button", name="Ajouter la pièce").click()
        page.wait_for_load_state()
    page.get_by_role("link", name="Continuer vers le récapitulatif").click()
    checked(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Déposer la demande").click()
    page.wait_for_load_state()
    assert status_of() == S.SUBMITTED
    assert [m.to for m in mail.outbox] == [[f"coordination@{DEMO_DOMAIN}"]]

    # The coordination takes it and asks for a correction.
    as_user(page, base, "coordination")
    detail = base + reverse("funding:request_detail", args=[slug, grant.pk])
    page.goto(detail)
    checked(page)
    page.get_by_role("button", name="Prendre en instruction").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Demander une correction").click()
    checked(page)
    page.get_by_label("Ce qui est à corriger").fill("Détaillez les frais d'animation.")
    mail.outbox.clear()
    page.get_by_role("button", name="Envoyer la demande de correction").click()
    page.wait_for_load_state()
    assert status_of() == S.CORRECTION
    assert [m.to for m in mail.outbox] == [[f"porteur@{DEMO_DOMAIN}"]]

    # The porteur reads its inbox, corrects and files again.
    as_user(page, base, "porteur")
    page.goto(base + reverse("funding:inbox"))
    checked(page)
    assert "Détaillez les frais d'animation." in page.content()
    page.goto(base + reverse("funding:request_step", args=[slug, grant.pk, "budget"]))
    page.locator('[name="label_64"]').fill("Deux animatrices, 600 heures")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    page.goto(base + reverse("funding:request_step", args=[slug, grant.pk, "recapitulatif"]))
    page.get_by_role("button", name="Déposer la demande corrigée").click()
    page.wait_for_load_state()
    assert status_of() == S.CORRECTED

    # Two instructors, one per funder.
    for who, funder, amount in (("etat", p147, "12000"), ("ville", ville, "6000")):
        as_user(page, base, who)
        page.goto(base + reverse("funding:opinion", args=[slug, grant.pk]))
        checked(page)
        page.get_by_label("Financeur pour lequel l'avis est rendu").select_option(str(funder.pk))
        page.get_by_label("Avis", exact=True).select_option("favourable")
        page.get_by_label("Montant proposé (€)").fill(amount)
        page.get_by_role("button", name="Enregistrer l'avis").click()
        page.wait_for_load_state()
    assert status_of() == S.OPINION

    # The COPIL decides, from the programmation's decision screen.
    as_user(page, base, "coordination")
    page.goto(base + reverse("funding:decisions", args=[slug, 2025]))
    checked(page)
    p147_field = page.locator(f'[name="d_{grant.pk}_{p147.pk}"]')
    assert p147_field.input_value() == "12000.00"  # the opinion's amount
    p147_field.fill("70000")  # more than asked: refused, nothing written, input kept
    page.get_by_label("Instance ou référence").fill("COPIL restreint du 20/11/2026")
    page.get_by_role("button", name="Enregistrer les décisions").click()
    page.wait_for_load_state()
    assert "Aucune décision enregistrée" in page.content()
    assert p147_field.input_value() == "70000"
    checked(page)
    p147_field.fill("12000")
    page.get_by_role("button", name="Enregistrer les décisions").click()
    page.wait_for_load_state()
    assert status_of() == S.PARTIAL

    page.goto(detail)
    page.get_by_role("link", name="Enregistrer la convention signée").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Enregistrer un versement").click()
    checked(page)
    page.get_by_label("Montant versé (€)").fill("12000")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert status_of() == S.PAID

    # The porteur files its report, once for every funder.
    as_user(page, base, "porteur")
    page.goto(base + reverse("funding:report", args=[slug, grant.pk]))
    checked(page)
    for account, amount in (("61", "6000"), ("64", "18000"), ("70", "3000"), ("74", "21000")):
        page.locator(f'[name="realised_{account}"]').fill(amount)
    page.locator('[name="reach_0_6-10_girls"]').fill("14")
    page.locator('[name="reach_0_6-10_boys"]').fill("11")
    page.get_by_label("Bilan qualitatif de l'action").fill("Vingt-cinq enfants et leurs parents.")
    mail.outbox.clear()
    page.get_by_role("button", name="Déposer le compte-rendu").click()
    page.wait_for_load_state()
    assert status_of() == S.REPORTED
    assert [m.to for m in mail.outbox] == [[f"coordination@{DEMO_DOMAIN}"]]

    as_user(page, base, "coordination")
    page.goto(detail)
    checked(page)
    page.get_by_role("button", name="Solder la demande").click()
    page.wait_for_load_state()
    assert status_of() == S.CLOSED
    assert page.locator("#statut-demande").inner_text() == "Soldée"

    # The dashboard shows the new money: 12 000 € more P147 and 6 000 € more from the city.
    after, _ = check(call.cite, 2025)
    assert after.p147_decided - before.p147_decided == Decimal("12000")
    assert after.global_budget - before.global_budget == Decimal("18000")
    page.goto(base + reverse("funding:dashboard", args=[slug, 2025]))
    checked(page)
    assert "487\u202f000,00 €" in page.content()  # 475 000 € decided before, + 12 000 €
