"""The grant cycle through its pages, as a porteur and a coordination would play it."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import ApiToken, Notification
from citeduc.accounts.tests.factories import MembershipFactory
from citeduc.directory.tests.factories import OrganisationFactory
from citeduc.funding.loaders import check
from citeduc.funding.models import (
    BudgetLine,
    Decision,
    GrantRequest,
    Payment,
    RequestEvent,
)
from citeduc.funding.reminders import remind
from tests.support.grants import (
    PDF,
    S,
    as_user,
    budget_data,
    fill_all_steps,
    form_token,
    pdf_text,
    start_application,
    step_url,
    valid_siret,
)
from tests.support.world import World


def test_the_whole_cycle_through_the_pages(cycle: dict[str, Any]) -> None:
    c = cycle
    porteur, grant = start_application(c)
    fill_all_steps(porteur, grant, c)
    grant.refresh_from_db()
    assert grant.applicant.siret == valid_siret()
    assert {a.funder.code: a.amount for a in grant.asked.all()} == {
        "P147": Decimal("9000"),
        "VILLE": Decimal("4000"),
    }
    assert list(grant.action.qpvs.all()) == [c["cite"].qpvs.get()]
    mail.outbox.clear()

    # Filing: the coordination is told, by e-mail (text and HTML) and in its inbox.
    response = porteur.post(reverse("funding:submit", args=[c["cite"].slug, grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == S.SUBMITTED and grant.submitted_on is not None
    assert [m.to for m in mail.outbox] == [[c["coordination"].email]]
    sent = mail.outbox[0]
    assert isinstance(sent, EmailMultiAlternatives)
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and "<a href=" in str(html)
    assert "Ateliers lecture" in mail.outbox[0].body
    assert Notification.objects.filter(user=c["coordination"]).count() == 1

    # The coordination asks for a correction; the porteur is told and corrects the budget.
    coordination = as_user(c["coordination"])
    detail = reverse("funding:request_detail", args=[c["cite"].slug, grant.pk])
    assert (
        coordination.post(reverse("funding:take", args=[c["cite"].slug, grant.pk])).status_code
        == 302
    )
    mail.outbox.clear()
    response = coordination.post(
        reverse("funding:ask_correction", args=[c["cite"].slug, grant.pk]),
        {"message": "Précisez la participation des familles."},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == S.CORRECTION
    assert [m.to for m in mail.outbox] == [[c["porteur"].email]]
    assert "Précisez la participation des familles." in mail.outbox[0].body
    budget = budget_data(c, sales="1000")
    budget["amount_75"] = "1000"
    budget["label_75"] = "Cotisations"
    assert porteur.post(step_url(grant, "budget"), budget).status_code == 302
    assert (
        porteur.post(reverse("funding:submit", args=[c["cite"].slug, grant.pk])).status_code == 302
    )
    grant.refresh_from_db()
    assert grant.status == S.CORRECTED
    # The history keeps both versions of the budget: the 2 000 € line and its replacement.
    sales_history = BudgetLine.history.filter(request_id=grant.pk, account="70")
    assert {h.amount for h in sales_history} == {Decimal("2000"), Decimal("1000")}
    assert [e.to_status for e in RequestEvent.objects.filter(request=grant)] == [
        S.SUBMITTED,
        S.REVIEWING,
        S.CORRECTION,
        S.CORRECTED,
    ]

    # Two instructors give their opinion, one per funder.
    for user, funder, amount in (
        (c["etat"], c["p147"], "8000"),
        (c["ville_pilot"], c["ville"], "4000"),
    ):
        response = as_user(user).post(
            reverse("funding:opinion", args=[c["cite"].slug, grant.pk]),
            {"funder": funder.pk, "verdict": "favourable", "proposed_amount": amount},
        )
        assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == S.OPINION
    page = coordination.get(detail).content.decode()
    assert "Favorable" in page and "8\u202f000,00 € proposés" in page

    # The COPIL decides both funders at once, the opinions' amounts pre-filled.
    decisions_url = reverse("funding:decisions", args=[c["cite"].slug, 2025])
    programmation = coordination.get(reverse("funding:programmation", args=[c["cite"].slug, 2025]))
    assert f'href="{decisions_url}"' in programmation.content.decode()
    form_page = coordination.get(decisions_url).content.decode()
    assert 'value="8000' in form_page
    response = coordination.post(
        decisions_url,
        {
            "once": form_token(coordination, decisions_url),
            "date": "2025-03-20",
            "reference": "COPIL du 20/03/2025",
            f"d_{grant.pk}_{c['p147'].pk}": "8000",
            f"d_{grant.pk}_{c['ville'].pk}": "4000",
        },
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == S.PARTIAL
    assert grant.action.status == "programmee"
    letter = coordination.get(
        reverse(
            "funding:letter",
            args=[c["cite"].slug, Decision.objects.get(request=grant, funder=c["p147"]).pk],
        )
    )
    text = pdf_text(letter.content)
    assert "8 000,00 €" in text and "avec le soutien de l'ANCT" in text
    assert "contrat d'engagement" in text and "30 juin 2026" in text

    # Agreement, payment, report, closing.
    sign_url = reverse("funding:sign", args=[c["cite"].slug, grant.pk])
    assert coordination.post(sign_url, {"signed_on": "2025-04-02"}).status_code == 302
    p147_decision = Decision.objects.get(request=grant, funder=c["p147"])
    pay_url = reverse("funding:payment", args=[c["cite"].slug, grant.pk])
    token = form_token(coordination, pay_url)
    too_much = coordination.post(
        pay_url,
        {"once": token, "decision": p147_decision.pk, "amount": "9000", "date": "2025-04-10"},
    )
    assert too_much.status_code == 400
    assert "R-FUND-6" in too_much.content.decode()
    assert 'value="9000"' in too_much.content.decode()
    assert not Payment.objects.exists()
    # The refused payment wrote nothing, its token included: the corrected form goes through.
    ok = coordination.post(
        pay_url,
        {"once": token, "decision": p147_decision.pk, "amount": "8000", "date": "2025-04-10"},
    )
    assert ok.status_code == 302
    # The same form sent a second time (double click, second tab) pays nothing more.
    again = coordination.post(
        pay_url,
        {"once": token, "decision": p147_decision.pk, "amount": "8000", "date": "2025-04-10"},
    )
    assert again.status_code == 400 and "déjà été envoyé" in again.content.decode()
    assert Payment.objects.count() == 1
    grant.refresh_from_db()
    assert grant.status == S.PAID

    report_url = reverse("funding:report", args=[c["cite"].slug, grant.pk])
    qpv = c["cite"].qpvs.get()
    report = {
        "realised_60": "5000",
        "realised_64": "10000",
        "realised_70": "500",  # 50 % under the forecast: needs an explanation
        "realised_74": "13000",
        "realised_75": "1500",
        "explain_75": "Plus d'adhésions que prévu.",
        "qualitative_report": "Trente-cinq familles ont suivi les ateliers.",
        f"reach_{qpv.pk}_3-5_girls": "9",
        f"reach_{qpv.pk}_3-5_boys": "8",
        "reach_0_6-10_girls": "2",
    }
    missing = porteur.post(report_url, report)
    assert missing.status_code == 400
    assert "R-FUND-7" in missing.content.decode()
    assert "Trente-cinq familles" in missing.content.decode()
    report["explain_70"] = "Gratuité accordée aux familles du QPV."
    mail.outbox.clear()
    assert porteur.post(report_url, report).status_code == 302
    grant.refresh_from_db()
    assert grant.status == S.REPORTED
    assert [m.to for m in mail.outbox] == [[c["coordination"].email]]
    assert {(r.qpv_id, r.age_band, r.girls, r.boys) for r in grant.report.reach.all()} == {
        (qpv.pk, "3-5", 9, 8),
        (None, "6-10", 2, 0),
    }
    shown = coordination.get(detail).content.decode()
    assert "Hors QPV" in shown and "Gratuité accordée aux familles du QPV." in shown
    assert (
        coordination.post(reverse("funding:close", args=[c["cite"].slug, grant.pk])).status_code
        == 302
    )
    grant.refresh_from_db()
    assert grant.status == S.CLOSED

    # The dashboard counts the decided money: 8 000 € P147 and 4 000 € VILLE.
    totals, _ = check(c["cite"], 2025)
    assert (totals.p147_decided, totals.global_budget) == (Decimal("8000"), Decimal("12000"))
    dashboard = coordination.get(reverse("funding:dashboard", args=[c["cite"].slug, 2025]))
    assert "12\u202f000,00 €" in dashboard.content.decode()


def test_submission_is_blocked_with_the_reasons_shown(cycle: dict[str, Any]) -> None:
    c = cycle
    porteur, grant = start_application(c)
    fill_all_steps(porteur, grant, c)
    # Unbalance the budget (products 13 000 + 0 against charges 15 000) and drop the commitment.
    unbalanced = budget_data(c, sales="")
    response = porteur.post(step_url(grant, "budget"), unbalanced)
    assert response.status_code == 302  # a draft may be saved unbalanced, with a warning
    porteur.post(
        step_url(grant, "declarations"),
        {"sworn_obligations": "on", "sworn_accurate": "on", "signatory": "C. Martin"},
    )
    recap = porteur.get(step_url(grant, "recapitulatif")).content.decode()
    assert "R-FUND-8" in recap
    assert "total des charges 15 000,00 € ≠ total des produits 13 000,00 €" in recap
    assert "contrat d&#x27;engagement républicain (R-FUND-9)" in recap
    response = porteur.post(reverse("funding:submit", args=[c["cite"].slug, grant.pk]))
    assert response.status_code == 302 and response["Location"] == step_url(grant, "recapitulatif")
    grant.refresh_from_db()
    assert grant.status == S.DRAFT
    assert not mail.outbox


def test_a_form_error_keeps_what_was_typed(cycle: dict[str, Any]) -> None:
    porteur, grant = start_application(cycle)
    response = porteur.post(
        step_url(grant, "identite"),
        {
            "siret": "12345678901234",
            "rna": "",
            "legal_representative": "Claude Martin",
            "legal_representative_role": "Présidente",
            "contact_name": "Sam Durand",
            "contact_email": "pas-une-adresse",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "clé de contrôle incorrecte" in page
    assert "Le numéro RNA est obligatoire pour une association." in page
    assert 'value="Claude Martin"' in page and 'value="12345678901234"' in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("statuts.pdf", b"MZ\x90\x00 not a pdf at all", "n&#x27;est pas d&#x27;un type accepté"),
        ("vide.pdf", b"", "est vide"),
        ("gros.pdf", PDF + b"0" * 2_000_000, "dépasse la taille maximale de 1"),
    ],
)
def test_a_bad_attachment_is_refused(
    cycle: dict[str, Any], settings: Any, name: str, content: bytes, message: str
) -> None:
    settings.CITEDUC_UPLOAD_MAX_MB = 1
    porteur, grant = start_application(cycle)
    response = porteur.post(
        step_url(grant, "pieces"),
        {"kind": "statuts", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not grant.attachments.exists()


def test_an_office_document_is_recognised_by_its_content(cycle: dict[str, Any]) -> None:
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    porteur, grant = start_application(cycle)
    response = porteur.post(
        step_url(grant, "pieces"),
        {"kind": "comptes", "file": SimpleUploadedFile("comptes.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    attachment = grant.attachments.get()
    assert attachment.content_type.endswith("spreadsheetml.sheet")
    download = porteur.get(
        reverse("funding:attachment", args=[grant.cite.slug, grant.pk, attachment.pk])
    )
    assert download["Content-Disposition"].startswith('attachment; filename="comptes.xlsx"')
    assert b"".join(download.streaming_content) == buffer.getvalue()  # type: ignore[attr-defined]


def test_a_decision_over_the_envelope_writes_nothing(cycle: dict[str, Any]) -> None:
    c = cycle
    porteur, grant = start_application(c)
    fill_all_steps(porteur, grant, c)
    porteur.post(reverse("funding:submit", args=[c["cite"].slug, grant.pk]))
    coordination = as_user(c["coordination"])
    decisions_url = reverse("funding:decisions", args=[c["cite"].slug, 2025])
    response = coordination.post(
        decisions_url,
        {
            "once": form_token(coordination, decisions_url),
            "date": "2025-03-20",
            "reference": "COPIL",
            f"d_{grant.pk}_{c['ville'].pk}": "4000",
            f"d_{grant.pk}_{c['p147'].pk}": "9000",
        },
    )
    assert response.status_code == 302  # 9 000 € of 10 000 €: within the envelope
    other_org = OrganisationFactory.create(cite=c["cite"], rna="W251000124")
    other_org.editors.add(c["porteur"])
    second = GrantRequest.objects.create(
        cite=c["cite"],
        call=c["call"],
        action=grant.action,
        applicant=other_org,
        year=2025,
        status=S.SUBMITTED,
    )
    second.asked.create(funder=c["p147"], amount=Decimal("5000"))
    response = coordination.post(
        decisions_url,
        {
            "once": form_token(coordination, decisions_url),
            "date": "2025-03-21",
            "reference": "COPIL 2",
            f"d_{second.pk}_{c['p147'].pk}": "5000",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "R-FUND-1" in page and "Aucune décision enregistrée" in page
    assert 'value="5000"' in page and 'value="COPIL 2"' in page
    assert not second.decisions.exists()
    second.refresh_from_db()
    assert second.status == S.SUBMITTED


def test_take_up_last_years_request(cycle: dict[str, Any]) -> None:
    c = cycle
    porteur, grant = start_application(c)
    fill_all_steps(porteur, grant, c)
    c["call"].year = 2026
    c["call"].save()
    response = porteur.post(
        reverse("funding:apply", args=[c["cite"].slug, c["call"].pk]),
        {"organisation": c["organisation"].pk, "previous": grant.pk, "title": ""},
    )
    assert response.status_code == 302
    copy = GrantRequest.objects.get(year=2026)
    assert copy.action.title == grant.action.title and copy.action.carried_from == grant.action
    assert copy.contact_email == "sam@example.org" and copy.age_bands == ["3-5", "6-10"]
    assert {(b.account, b.amount) for b in copy.budget_lines.all()} == {
        (b.account, b.amount) for b in grant.budget_lines.all()
    }
    assert {a.funder.code: a.amount for a in copy.asked.all()} == {
        "P147": Decimal("9000"),
        "VILLE": Decimal("4000"),
    }
    assert copy.attachments.count() == 1
    assert not copy.republican_commitment  # sworn statements are made again every year
    step = porteur.get(step_url(copy, "projet")).content.decode()
    assert "Des ateliers hebdomadaires de lecture partagée." in step


def test_a_porteur_sees_only_its_own_structures_requests(world: World) -> None:
    porteur = as_user(world.users[Role.PORTEUR])
    foreign = GrantRequest.objects.create(
        cite=world.cite,
        action=world.own.action,
        applicant=OrganisationFactory.create(cite=world.cite),
        year=2025,
    )
    listing = porteur.get(reverse("funding:request_list", args=[world.cite.slug]))
    assert listing.status_code == 200
    assert world.own.request.applicant.name in listing.content.decode()
    assert foreign.applicant.name not in listing.content.decode()
    for name in ("funding:request_detail", "funding:request_step"):
        kwargs: dict[str, Any] = {"slug": world.cite.slug, "pk": foreign.pk}
        if name == "funding:request_step":
            kwargs["step"] = "budget"
        assert porteur.get(reverse(name, kwargs=kwargs)).status_code == 404
    instance = as_user(world.users[Role.MEMBRE_INSTANCE])
    assert (
        foreign.applicant.name
        in instance.get(reverse("funding:request_list", args=[world.cite.slug])).content.decode()
    )


def test_the_request_list_keeps_a_flat_query_count(
    world: World, django_assert_max_num_queries: Any
) -> None:
    coordination = as_user(world.users[Role.COORDINATION])
    url = reverse("funding:request_list", args=[world.cite.slug])
    coordination.get(url)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert coordination.get(url).status_code == 200
        return len(queries)

    one = count()
    for _ in range(19):
        request = GrantRequest.objects.create(
            cite=world.cite,
            action=world.own.action,
            applicant=OrganisationFactory.create(cite=world.cite),
            year=2025,
        )
        request.asked.create(funder=world.own.call.funders.get(), amount=Decimal("100"))
    assert count() == one


def test_the_requests_api_is_for_the_coordination(cycle: dict[str, Any], world: World) -> None:
    porteur, grant = start_application(cycle)
    fill_all_steps(porteur, grant, cycle)
    url = reverse("api:list_requests", args=[world.cite.slug]) + "?year=2025"
    _, token = ApiToken.issue(cycle["coordination"], "test")
    body = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["count"] == 2
    row = next(r for r in body["items"] if r["id"] == grant.pk)
    assert row["status"] == "draft" and row["status_label"] == "Brouillon"
    assert {f["funder"]: f["asked"] for f in row["funders"]} == {
        "P147": "9000.00",
        "VILLE": "4000.00",
    }
    _, porteur_token = ApiToken.issue(cycle["porteur"], "test")
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {porteur_token}").status_code == 404


def test_reminders_move_paid_requests_to_report_due_and_remind_once(world: World) -> None:
    grant = world.own.request
    grant.status = S.PAID
    grant.save()
    assert remind(date(2025, 12, 1)).now_due == []  # the year is not over
    run = remind(date(2026, 1, 2))
    grant.refresh_from_db()
    assert run.now_due == [grant] and grant.status == S.REPORT_DUE
    assert run.reminded == []  # the deadline (30 June 2026) is far
    mail.outbox.clear()
    assert remind(date(2026, 6, 5)).reminded == [grant]
    assert remind(date(2026, 6, 10)).reminded == []  # reminded five days ago
    assert remind(date(2026, 7, 1)).reminded == [grant]
    assert [m.subject for m in mail.outbox][-1].startswith("[citeduc] Retard")
    assert len(mail.outbox) == 2


def test_reminder_command_dry_run_writes_nothing(world: World) -> None:
    import io

    grant = world.own.request
    grant.status = S.PAID
    grant.save()
    out = io.StringIO()
    call_command("send_report_reminders", "--date", "2026-06-10", "--dry-run", stdout=out)
    assert "[simulation] 1 demande(s) passée(s)" in out.getvalue()
    grant.refresh_from_db()
    assert grant.status == S.PAID and not mail.outbox


def test_a_call_form_error_keeps_the_input(world: World) -> None:
    coordination = as_user(world.users[Role.COORDINATION])
    response = coordination.post(
        reverse("funding:call_create", args=[world.cite.slug]),
        {
            "year": "2031",
            "title": "Appel 2031",
            "text": "Texte",
            "opens_on": "2025-02-01",
            "closes_on": "2025-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "période du label" in page and "La date limite précède l&#x27;ouverture." in page
    assert 'value="Appel 2031"' in page


def test_a_closed_call_refuses_a_porteur(cycle: dict[str, Any]) -> None:
    c = cycle
    c["call"].closes_on = date(2025, 1, 31)
    c["call"].save()
    response = as_user(c["porteur"]).post(
        reverse("funding:apply", args=[c["cite"].slug, c["call"].pk]),
        {"organisation": c["organisation"].pk, "title": "Trop tard"},
    )
    assert response.status_code == 400
    assert "clos depuis le 31/01/2025" in response.content.decode()
    assert not GrantRequest.objects.filter(action__title="Trop tard").exists()


def test_only_a_member_porteur_is_told(world: World) -> None:
    """An editor of the structure who left the Cité gets no e-mail about its requests."""
    from citeduc.funding.workflow import porteur_users

    former = MembershipFactory.create(cite=world.other_cite, role=Role.PORTEUR).user
    world.own.service.organisation.editors.add(former)
    assert list(porteur_users(world.own.request)) == [world.users[Role.PORTEUR]]
