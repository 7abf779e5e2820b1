"""The instructors' pages: the list of requests, the one-screen view of a request, taking it,
corrections, opinions, the year's decisions, signature, payments, closing, decision letters."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from citeduc.common import once
from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.once import once_initial
from citeduc.common.pagination import paginate
from citeduc.common.pdf import render_pdf
from citeduc.common.text import count_of, is_digits
from citeduc.funding import access, workflow
from citeduc.funding.decide import RuleViolation, record_payment
from citeduc.funding.enums import (
    DECIDABLE_STATUSES,
    EDITABLE_STATUSES,
    REPORTABLE_STATUSES,
    RequestStatus,
)
from citeduc.funding.forms import (
    DecisionsForm,
    MessageForm,
    OpinionForm,
    PaymentForm,
    SignForm,
)
from citeduc.funding.loaders import forecast_by_account, gap_share
from citeduc.funding.models import (
    Decision,
    GrantRequest,
    Opinion,
    RequestedAmount,
)
from citeduc.funding.rules import euros, unexplained_gaps
from citeduc.funding.view_support import S, detail_url, require_instructor, user_of
from citeduc.territory.access import cite_reader
from citeduc.territory.models import CiteEducative

# ---- the list of requests and the instruction screen -----------------------------------------


@login_required
@cite_reader
def request_list(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    requests = access.visible_requests(request.user, cite)
    status = request.GET.get("statut", "")
    year = request.GET.get("annee", "")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    if is_digits(year) and len(year) <= 4:
        requests = requests.filter(year=int(year))
    requests = (
        requests.select_related("action", "applicant", "call")
        .prefetch_related(
            Prefetch("asked", queryset=RequestedAmount.objects.select_related("funder")),
            "decisions",
        )
        .annotate(opinion_count=Count("opinions", distinct=True))
        .order_by("-year", "status", "action__title", "pk")
    )
    page, query = paginate(request, requests, 25)
    return render(
        request,
        "funding/request_list.html",
        {
            "cite": cite,
            "page": page,
            "query": query,
            "statuses": RequestStatus.choices,
            "status": status,
            "year": year,
            "years": cite.label_years(),
            "is_partner": access.is_partner(request.user, cite),
        },
    )


def _money_of(grant: GrantRequest) -> list[dict[str, object]]:
    """Per funder: asked, opinion, decided and paid, for the request's one-screen view."""
    opinions = {o.funder_id: o for o in grant.opinions.all()}
    decisions = {d.funder_id: d for d in grant.decisions.all()}
    rows = []
    for asked in grant.asked.all():
        decision = decisions.get(asked.funder_id)
        rows.append(
            {
                "funder": asked.funder,
                "asked": asked.amount,
                "opinion": opinions.get(asked.funder_id),
                "decision": decision,
                "paid": sum((p.amount for p in decision.payments.all()), Decimal("0"))
                if decision
                else None,
            }
        )
    return rows


def _request_with_everything(grant: GrantRequest) -> GrantRequest:
    """The request with all its one-screen view shows, in a fixed number of queries."""
    return (
        GrantRequest.objects.select_related("action", "applicant", "cite", "call")
        .prefetch_related(
            "budget_lines",
            "asked__funder",
            "decisions__funder",
            "decisions__payments",
            "opinions__funder",
            "opinions__author",
            "attachments",
            "control_documents__uploaded_by",
            "decision_records__meeting__body",
            "events__by",
            "action__objectives",
            "action__qpvs",
        )
        .get(pk=grant.pk)
    )


def _instruction_buttons(request: HttpRequest, grant: GrantRequest) -> dict[str, bool]:
    """Which actions the screen offers this reader, from their rights and the request's status."""
    instructor = access.can_instruct(request.user, grant.cite)
    can_edit = access.can_edit(request.user, grant)
    return {
        "can_edit": can_edit and grant.status in EDITABLE_STATUSES,
        "can_report": can_edit and grant.status in REPORTABLE_STATUSES,
        "instructor": instructor,
        "can_take": instructor and workflow.can_move(grant, S.REVIEWING),
        "can_correct": instructor and workflow.can_move(grant, S.CORRECTION),
        "can_opine": instructor and grant.status in DECIDABLE_STATUSES,
        "can_decide": instructor and grant.status in DECIDABLE_STATUSES,
        "can_sign": instructor and workflow.can_move(grant, S.SIGNED),
        "can_pay": instructor and grant.status in {S.SIGNED, S.PAID, S.REPORT_DUE, S.REPORTED},
        "can_close": instructor and workflow.can_move(grant, S.CLOSED),
    }


@login_required
def request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = _request_with_everything(access.get_request(request.user, slug, pk))
    report = getattr(grant, "report", None)
    partner = access.is_partner(request.user, grant.cite)
    others = (
        GrantRequest.objects.filter(action=grant.action)
        .exclude(pk=grant.pk)
        .select_related("applicant")
        .prefetch_related("asked__funder", "decisions__funder")
        if partner
        else GrantRequest.objects.none()
    )
    findings = []
    if report is not None:
        findings = unexplained_gaps(
            grant.action.title,
            forecast_by_account(grant),
            report.lines.all(),
            gap_share(grant.cite),
        )
    return render(
        request,
        "funding/request_detail.html",
        {
            "cite": grant.cite,
            "grant": grant,
            "report": report,
            "report_lines": list(report.lines.all()) if report else [],
            "reach": list(report.reach.select_related("qpv")) if report else [],
            "money": _money_of(grant),
            "others": list(others),
            "findings": findings,
            "is_partner": partner,
            **_instruction_buttons(request, grant),
        },
    )


def _instructor_move(request: HttpRequest, slug: str, pk: int, to: str, done: str) -> HttpResponse:
    """A one-button move of the instruction (take, close): done, or refused with the reason."""
    grant = access.get_request(request.user, slug, pk)
    require_instructor(request, grant.cite)
    try:
        workflow.move(grant, to, by=user_of(request))
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
        return redirect(detail_url(grant))
    return saved(request, done, detail_url(grant))


@login_required
@require_POST
def take(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _instructor_move(request, slug, pk, S.REVIEWING, "Demande prise en instruction.")


@login_required
def ask_correction(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    require_instructor(request, grant.cite)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.move(
                grant,
                S.CORRECTION,
                by=user_of(request),
                message=form.cleaned_data["message"],
            )
        except workflow.WorkflowError as refused:
            form.add_error(None, str(refused))
        else:
            return saved(request, "Correction demandée : le porteur est averti.", detail_url(grant))
    return render_form_page(
        request,
        form,
        title=f"Demander une correction — {grant.action.title}",
        cancel_url=detail_url(grant),
        submit_label="Envoyer la demande de correction",
    )


@login_required
def give_opinion(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    require_instructor(request, grant.cite)
    asked = {a.funder_id: (a.funder, a.amount) for a in grant.asked.select_related("funder")}
    form = OpinionForm(request.POST or None, asked=asked)
    if request.method == "POST" and form.is_valid():
        if grant.status not in DECIDABLE_STATUSES:
            form.add_error(
                None, f"La demande est « {grant.get_status_display()} » : plus d'avis possible."
            )
        else:
            with transaction.atomic():
                Opinion.objects.update_or_create(
                    request=grant,
                    funder_id=int(form.cleaned_data["funder"]),
                    defaults={
                        "verdict": form.cleaned_data["verdict"],
                        "proposed_amount": form.cleaned_data["proposed_amount"],
                        "comment": form.cleaned_data["comment"],
                        "author": user_of(request),
                        "given_on": timezone.localdate(),
                    },
                )
                done = set(grant.opinions.values_list("funder_id", flat=True))
                if set(asked) <= done and workflow.can_move(grant, S.OPINION):
                    workflow.move(grant, S.OPINION, by=user_of(request))
            return saved(request, "Avis enregistré.", detail_url(grant))
    return render_form_page(
        request,
        form,
        title=f"Avis d'instruction — {grant.action.title}",
        intro="Un avis par financeur sollicité ; un nouvel avis pour le même financeur remplace "
        "le précédent (l'historique garde les deux).",
        cancel_url=detail_url(grant),
        submit_label="Enregistrer l'avis",
    )


@login_required
@cite_reader
def decisions(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    """The COPIL's decisions for a year, every request and funder on one form."""
    require_instructor(request, cite)
    pending = list(
        GrantRequest.objects.filter(cite=cite, year=year, status__in=DECIDABLE_STATUSES)
        .select_related("action", "applicant")
        .prefetch_related("asked__funder", "opinions")
        .order_by("action__title", "pk")
    )
    cells = [(g, a.funder, a.amount) for g in pending for a in g.asked.all()]
    proposals = {
        f"d_{o.request_id}_{o.funder_id}": o.proposed_amount
        for g in pending
        for o in g.opinions.all()
    }
    form = DecisionsForm(
        request.POST or None,
        cells=cells,
        initial=once_initial(request, "decisions", date=timezone.localdate(), **proposals),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if not once.spend(request, "decisions", form.cleaned_data["once"]):
                    raise workflow.WorkflowError(once.ALREADY_SENT)
                decided = workflow.decide(
                    form.entries(),
                    day=form.cleaned_data["date"],
                    reference=form.cleaned_data["reference"],
                    by=user_of(request),
                )
        except (RuleViolation, workflow.WorkflowError) as refused:
            form.add_error(None, f"Aucune décision enregistrée : {refused}")
        else:
            return saved(
                request,
                f"{count_of(len(decided), 'demande décidée', 'demandes décidées')}.",
                reverse("funding:programmation", args=[cite.slug, year]),
            )
    return render(
        request,
        "funding/decisions.html",
        {
            "cite": cite,
            "year": year,
            "form": form,
            "rows": [
                (grant, [(a, form[f"d_{grant.pk}_{a.funder_id}"]) for a in grant.asked.all()])
                for grant in pending
            ],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def sign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    require_instructor(request, grant.cite)
    form = SignForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                grant.agreement_signed_on = form.cleaned_data["signed_on"]
                workflow.move(grant, S.SIGNED, by=user_of(request))
        except workflow.WorkflowError as refused:
            form.add_error(None, str(refused))
        else:
            return saved(request, "Convention enregistrée comme signée.", detail_url(grant))
    return render_form_page(
        request,
        form,
        title=f"Convention signée — {grant.action.title}",
        cancel_url=detail_url(grant),
    )


@login_required
def payment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    require_instructor(request, grant.cite)
    decisions_list = list(grant.decisions.select_related("funder").filter(amount__gt=0))
    form = PaymentForm(
        request.POST or None,
        decisions=decisions_list,
        initial=once_initial(request, "payment", date=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        if grant.status not in {S.SIGNED, S.PAID, S.REPORT_DUE, S.REPORTED}:
            form.add_error(None, "Un versement suit la signature de la convention.")
        else:
            decision = form.decisions[int(form.cleaned_data["decision"])]
            try:
                with transaction.atomic():
                    if not once.spend(request, "payment", form.cleaned_data["once"]):
                        raise RuleViolation("R-FUND-6", once.ALREADY_SENT)
                    record_payment(decision, form.cleaned_data["amount"], form.cleaned_data["date"])
                    if grant.status == S.SIGNED:
                        workflow.move(grant, S.PAID, by=user_of(request))
            except RuleViolation as refused:
                form.add_error("amount", str(refused))
            else:
                return saved(
                    request,
                    f"Versement de {euros(form.cleaned_data['amount'])} enregistré.",
                    detail_url(grant),
                )
    return render_form_page(
        request,
        form,
        title=f"Enregistrer un versement — {grant.action.title}",
        cancel_url=detail_url(grant),
    )


@login_required
@require_POST
def close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _instructor_move(request, slug, pk, S.CLOSED, "Demande soldée.")


@login_required
def decision_letter(request: HttpRequest, slug: str, decision_pk: int) -> HttpResponse:
    """The notification letter of one funder's decision, with the legal mentions (R-GOV-6)."""
    decision = get_object_or_404(
        Decision.objects.select_related(
            "request__cite", "request__action", "request__applicant", "funder"
        ),
        pk=decision_pk,
        request__cite__slug=slug,
    )
    grant = access.get_request(request.user, slug, decision.request_id)
    asked = grant.asked.filter(funder=decision.funder).values_list("amount", flat=True).first()
    pdf = render_pdf(
        "funding/decision_letter_pdf.html",
        {
            "decision": decision,
            "grant": grant,
            "asked": asked,
            "convention_threshold": Decimal("23000"),
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="notification-{slugify(decision.funder.code)}-{grant.pk}.pdf"'
    )
    return response
