"""Pages of the grant cycle: calls for projects, the application, instruction, decisions,
payments, the financial report, and the inbox of notifications."""

from decimal import Decimal
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from citeduc.accounts.enums import Role
from citeduc.accounts.models import Notification, User
from citeduc.common import once
from citeduc.common.enums import AgeBand
from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.once import once_initial
from citeduc.common.pagination import paginate
from citeduc.common.pdf import render_pdf
from citeduc.common.text import is_digits
from citeduc.common.uploads import serve
from citeduc.directory.models import Organisation
from citeduc.funding import access, application, workflow
from citeduc.funding.decide import RuleViolation, record_payment
from citeduc.funding.enums import (
    DECIDABLE_STATUSES,
    EDITABLE_STATUSES,
    REPORTABLE_STATUSES,
    RequestStatus,
)
from citeduc.funding.forms import (
    ApplyForm,
    AttachmentForm,
    BudgetForm,
    CallForm,
    DecisionsForm,
    DeclarationsForm,
    IdentityForm,
    MessageForm,
    OpinionForm,
    PaymentForm,
    ProjectForm,
    ReportForm,
    SignForm,
)
from citeduc.funding.models import (
    Attachment,
    Call,
    Decision,
    FinancialReport,
    GrantRequest,
    Opinion,
    ReportLine,
    ReportReach,
    RequestedAmount,
)
from citeduc.funding.rules import euros, forecast_by_account, gap_share, unexplained_gaps
from citeduc.territory.access import get_cite_for_user, require_manager, roles_in
from citeduc.territory.models import CiteEducative, Qpv

S = RequestStatus


def _user(request: HttpRequest) -> User:
    """The logged-in user of a view behind `login_required`."""
    return cast(User, request.user)


def _detail_url(grant: GrantRequest) -> str:
    return reverse("funding:request_detail", args=[grant.cite.slug, grant.pk])


def _step_url(grant: GrantRequest, step: str) -> str:
    return reverse("funding:request_step", args=[grant.cite.slug, grant.pk, step])


def _require_instructor(request: HttpRequest, cite: CiteEducative) -> None:
    require_manager(request.user, cite)  # instructors are the Cité's managers (can_instruct)


# ---- calls for projects -----------------------------------------------------------------------


def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    cite = get_cite_for_user(request.user, slug)
    today = timezone.localdate()
    calls = list(Call.objects.filter(cite=cite).prefetch_related("funders"))
    return render(
        request,
        "funding/call_list.html",
        {
            "cite": cite,
            "open_calls": [c for c in calls if c.is_open(today)],
            "other_calls": [c for c in calls if not c.is_open(today)],
            "can_manage": access.can_instruct(request.user, cite),
        },
    )


def call_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cite = get_cite_for_user(request.user, slug)
    call = get_object_or_404(
        Call.objects.prefetch_related("funders", "objectives__axis"), cite=cite, pk=pk
    )
    return render(
        request,
        "funding/call_detail.html",
        {
            "cite": cite,
            "call": call,
            "is_open": call.is_open(timezone.localdate()),
            "can_manage": access.can_instruct(request.user, cite),
        },
    )


@login_required
def call_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    cite = get_cite_for_user(request.user, slug, private=True)
    _require_instructor(request, cite)
    call = get_object_or_404(Call, cite=cite, pk=pk) if pk else Call(cite=cite)
    form = CallForm(request.POST or None, instance=call, cite=cite)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        return saved(
            request,
            "Appel à projets enregistré.",
            reverse("funding:call_detail", args=[slug, call.pk]),
        )
    return render_form_page(
        request,
        form,
        title="Modifier l'appel à projets" if pk else "Nouvel appel à projets",
        cancel_url=reverse("funding:call_list", args=[slug]),
    )


def _applicant_organisations(user: User, cite: CiteEducative) -> list[Organisation]:
    organisations = Organisation.objects.filter(cite=cite, merged_into__isnull=True)
    if access.can_instruct(user, cite):
        return list(organisations.order_by("name"))
    if Role.PORTEUR in roles_in(user, cite):
        return list(organisations.filter(editors=user).order_by("name"))
    return []


@login_required
def apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Start an application to a call, new or taken up from an earlier year's request."""
    cite = get_cite_for_user(request.user, slug, private=True)
    call = get_object_or_404(Call, cite=cite, pk=pk)
    organisations = _applicant_organisations(_user(request), cite)
    if not organisations:
        raise Http404("Aucune structure dont vous êtes éditeur dans cette Cité.")
    previous = list(
        GrantRequest.objects.filter(applicant__in=organisations, year__lt=call.year)
        .select_related("action", "applicant")
        .order_by("-year", "action__title")
    )
    form = ApplyForm(request.POST or None, organisations=organisations, previous=previous)
    if request.method == "POST" and form.is_valid():
        if not call.is_open(timezone.localdate()) and not access.can_instruct(request.user, cite):
            form.add_error(None, f"L'appel à projets est clos depuis le {call.closes_on:%d/%m/%Y}.")
        else:
            organisation = next(
                o for o in organisations if str(o.pk) == form.cleaned_data["organisation"]
            )
            source = next((g for g in previous if str(g.pk) == form.cleaned_data["previous"]), None)
            grant = application.start(
                call,
                organisation,
                title=form.cleaned_data["title"].strip(),
                previous=source,
                by=_user(request),
            )
            return saved(
                request,
                "Brouillon créé : complétez chaque étape, il est enregistré au fur et à mesure.",
                _step_url(grant, "identite"),
            )
    return render_form_page(
        request,
        form,
        title=f"Déposer une demande — {call.title}",
        intro=f"Date limite de dépôt : {call.closes_on:%d/%m/%Y}.",
        cancel_url=reverse("funding:call_detail", args=[slug, pk]),
        submit_label="Commencer la demande",
    )


# ---- the application, step by step -----------------------------------------------------------


@login_required
def request_step(request: HttpRequest, slug: str, pk: int, step: str) -> HttpResponse:
    if step not in application.STEP_NAMES:
        raise Http404("Étape inconnue.")
    grant = access.get_request(request.user, slug, pk, edit=True)
    editable = grant.status in EDITABLE_STATUSES
    if request.method == "POST" and not editable:
        messages.error(
            request,
            f"La demande est « {grant.get_status_display()} » : elle n'est plus modifiable.",
        )
        return redirect(_detail_url(grant))
    user = _user(request)
    data = request.POST if request.method == "POST" else None
    context: dict[str, object] = {}
    funders = application.call_funders(grant)
    form = None
    if step == "identite":
        form = IdentityForm(
            data,
            initial=application.identity_initial(grant),
            is_association=grant.applicant.kind == "association",
        )
        if data is not None and form.is_valid():
            application.save_identity(grant, form.cleaned_data, user)
    elif step == "projet":
        form = ProjectForm(data, initial=application.project_initial(grant), grant=grant)
        if data is not None and form.is_valid():
            application.save_project(grant, form.cleaned_data, user)
    elif step == "budget":
        form = BudgetForm(data, initial=application.budget_initial(grant), funders=funders)
        if data is not None and form.is_valid():
            application.save_budget(grant, form.cleaned_data, funders)
            summary = application.budget_summary(grant)
            if summary["errors"]:
                messages.warning(
                    request,
                    "Budget enregistré mais déséquilibré (R-FUND-8) : "
                    + " ; ".join(summary["errors"])
                    + ". Il faudra l'équilibrer avant de déposer la demande.",
                )
                return redirect(_step_url(grant, "budget"))
        context["summary"] = application.budget_summary(grant)
    elif step == "declarations":
        form = DeclarationsForm(data, instance=grant)
        if data is not None and form.is_valid():
            grant._history_user = user  # type: ignore[attr-defined]
            form.save()
    elif step == "pieces":
        form = AttachmentForm(data, request.FILES if data is not None else None)
        if data is not None and form.is_valid():
            upload = form.cleaned_data["file"]
            Attachment.objects.create(
                request=grant,
                kind=form.cleaned_data["kind"],
                file=upload,
                original_name=upload.name[:200],
                content_type=form.file_type.content_type,
                size=upload.size,
                uploaded_by=user,
            )
            return saved(request, f"Pièce « {upload.name} » ajoutée.", _step_url(grant, "pieces"))
        context["attachments"] = list(grant.attachments.all())
        context["required"] = grant.call.required_labels() if grant.call is not None else []
    else:  # recapitulatif
        context["errors"] = workflow.submission_errors(grant)
        context["summary"] = application.budget_summary(grant)
        context["asked"] = list(grant.asked.select_related("funder"))
        context["attachments"] = list(grant.attachments.all())
    if form is not None and data is not None and not form.errors:
        index = application.STEP_NAMES.index(step)
        return saved(
            request, "Étape enregistrée.", _step_url(grant, application.STEP_NAMES[index + 1])
        )
    status = 400 if form is not None and form.errors else 200
    return render(
        request,
        "funding/request_step.html",
        {
            "cite": grant.cite,
            "grant": grant,
            "step": step,
            "steps": application.STEPS,
            "step_index": application.STEP_NAMES.index(step) + 1,
            "step_label": dict(application.STEPS)[step],
            "next_label": dict(application.STEPS).get(
                application.STEP_NAMES[min(application.STEP_NAMES.index(step) + 1, 5)], ""
            ),
            "form": form,
            "editable": editable,
            **context,
        },
        status=status,
    )


@login_required
@require_POST
def submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk, edit=True)
    if grant.status not in EDITABLE_STATUSES:
        messages.error(request, "Cette demande est déjà déposée.")
        return redirect(_detail_url(grant))
    try:
        workflow.submit(grant, by=_user(request))
    except workflow.WorkflowError:
        messages.error(
            request, "La demande ne peut pas encore être déposée : voyez les points signalés."
        )
        return redirect(_step_url(grant, "recapitulatif"))
    return saved(
        request,
        "Demande déposée : la coordination de la Cité en est avertie.",
        _detail_url(grant),
    )


@login_required
def attachment_download(
    request: HttpRequest, slug: str, pk: int, attachment_pk: int
) -> FileResponse:
    grant = access.get_request(request.user, slug, pk)
    attachment = get_object_or_404(Attachment, request=grant, pk=attachment_pk)
    return serve(attachment.file, attachment.original_name, attachment.content_type)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk, edit=True)
    attachment = get_object_or_404(Attachment, request=grant, pk=attachment_pk)
    if grant.status not in EDITABLE_STATUSES:
        messages.error(request, "La demande est déposée : ses pièces ne peuvent plus changer.")
    else:
        attachment.delete()
        messages.success(request, f"Pièce « {attachment.original_name} » retirée.")
    return redirect(_step_url(grant, "pieces"))


# ---- the list of requests and the instruction screen -----------------------------------------


@login_required
def request_list(request: HttpRequest, slug: str) -> HttpResponse:
    cite = get_cite_for_user(request.user, slug, private=True)
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


@login_required
def request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    grant = (
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
    report = getattr(grant, "report", None)
    instructor = access.can_instruct(request.user, grant.cite)
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
            grant, grant.action.title, report.lines.all(), gap_share(grant.cite)
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
            "can_edit": access.can_edit(request.user, grant) and grant.status in EDITABLE_STATUSES,
            "can_report": access.can_edit(request.user, grant)
            and grant.status in REPORTABLE_STATUSES,
            "instructor": instructor,
            "is_partner": partner,
            "can_take": instructor and workflow.can_move(grant, S.REVIEWING),
            "can_correct": instructor and workflow.can_move(grant, S.CORRECTION),
            "can_opine": instructor and grant.status in DECIDABLE_STATUSES,
            "can_decide": instructor and grant.status in DECIDABLE_STATUSES,
            "can_sign": instructor and workflow.can_move(grant, S.SIGNED),
            "can_pay": instructor and grant.status in {S.SIGNED, S.PAID, S.REPORT_DUE, S.REPORTED},
            "can_close": instructor and workflow.can_move(grant, S.CLOSED),
        },
    )


def _instructor_move(request: HttpRequest, slug: str, pk: int, to: str, done: str) -> HttpResponse:
    """A one-button move of the instruction (take, close): done, or refused with the reason."""
    grant = access.get_request(request.user, slug, pk)
    _require_instructor(request, grant.cite)
    try:
        workflow.move(grant, to, by=_user(request))
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
        return redirect(_detail_url(grant))
    return saved(request, done, _detail_url(grant))


@login_required
@require_POST
def take(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _instructor_move(request, slug, pk, S.REVIEWING, "Demande prise en instruction.")


@login_required
def ask_correction(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    _require_instructor(request, grant.cite)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.move(
                grant,
                S.CORRECTION,
                by=_user(request),
                message=form.cleaned_data["message"],
            )
        except workflow.WorkflowError as refused:
            form.add_error(None, str(refused))
        else:
            return saved(
                request, "Correction demandée : le porteur est averti.", _detail_url(grant)
            )
    return render_form_page(
        request,
        form,
        title=f"Demander une correction — {grant.action.title}",
        cancel_url=_detail_url(grant),
        submit_label="Envoyer la demande de correction",
    )


@login_required
def give_opinion(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    _require_instructor(request, grant.cite)
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
                        "author": _user(request),
                        "given_on": timezone.localdate(),
                    },
                )
                done = set(grant.opinions.values_list("funder_id", flat=True))
                if set(asked) <= done and workflow.can_move(grant, S.OPINION):
                    workflow.move(grant, S.OPINION, by=_user(request))
            return saved(request, "Avis enregistré.", _detail_url(grant))
    return render_form_page(
        request,
        form,
        title=f"Avis d'instruction — {grant.action.title}",
        intro="Un avis par financeur sollicité ; un nouvel avis pour le même financeur remplace "
        "le précédent (l'historique garde les deux).",
        cancel_url=_detail_url(grant),
        submit_label="Enregistrer l'avis",
    )


@login_required
def decisions(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The COPIL's decisions for a year, every request and funder on one form."""
    cite = get_cite_for_user(request.user, slug, private=True)
    _require_instructor(request, cite)
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
                    by=_user(request),
                )
        except (RuleViolation, workflow.WorkflowError) as refused:
            form.add_error(None, f"Aucune décision enregistrée : {refused}")
        else:
            return saved(
                request,
                f"{len(decided)} demande(s) décidée(s).",
                reverse("funding:programmation", args=[slug, year]),
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
    _require_instructor(request, grant.cite)
    form = SignForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                grant.agreement_signed_on = form.cleaned_data["signed_on"]
                workflow.move(grant, S.SIGNED, by=_user(request))
        except workflow.WorkflowError as refused:
            form.add_error(None, str(refused))
        else:
            return saved(request, "Convention enregistrée comme signée.", _detail_url(grant))
    return render_form_page(
        request,
        form,
        title=f"Convention signée — {grant.action.title}",
        cancel_url=_detail_url(grant),
    )


@login_required
def payment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk)
    _require_instructor(request, grant.cite)
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
                        workflow.move(grant, S.PAID, by=_user(request))
            except RuleViolation as refused:
                form.add_error("amount", str(refused))
            else:
                return saved(
                    request,
                    f"Versement de {euros(form.cleaned_data['amount'])} enregistré.",
                    _detail_url(grant),
                )
    return render_form_page(
        request,
        form,
        title=f"Enregistrer un versement — {grant.action.title}",
        cancel_url=_detail_url(grant),
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


# ---- the financial report (Cerfa 15059) ------------------------------------------------------


@login_required
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk, edit=True)
    existing = getattr(grant, "report", None)
    forecast = forecast_by_account(grant)
    qpvs = list(grant.cite.qpvs.order_by("name"))
    initial: dict[str, object] = {}
    if existing:
        initial["qualitative_report"] = existing.qualitative_report
        for report_line in existing.lines.all():
            initial[f"realised_{report_line.account}"] = report_line.realised
            initial[f"explain_{report_line.account}"] = report_line.explanation
        by_pk = {q.pk: q for q in qpvs}
        for cell in existing.reach.all():
            qpv = by_pk.get(cell.qpv_id) if cell.qpv_id else None
            band = AgeBand(cell.age_band)
            initial[ReportForm.reach_key(qpv, band, "girls")] = cell.girls
            initial[ReportForm.reach_key(qpv, band, "boys")] = cell.boys
    form = ReportForm(
        request.POST or None,
        initial=initial,
        forecast=forecast,
        qpvs=qpvs,
        gap_share=gap_share(grant.cite),
    )
    if request.method == "POST" and form.is_valid():
        if grant.status not in REPORTABLE_STATUSES:
            form.add_error(
                None,
                f"La demande est « {grant.get_status_display()} » : "
                "le compte-rendu suit la signature de la convention.",
            )
        else:
            _save_report(grant, form, qpvs, _user(request))
            return saved(
                request,
                "Compte-rendu financier déposé : la coordination en est avertie.",
                _detail_url(grant),
            )
    return render(
        request,
        "funding/report_form.html",
        {"cite": grant.cite, "grant": grant, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@transaction.atomic
def _save_report(grant: GrantRequest, form: ReportForm, qpvs: list[Qpv], user: User) -> None:
    data = form.cleaned_data
    report_row, _ = FinancialReport.objects.update_or_create(
        request=grant,
        defaults={
            "qualitative_report": data["qualitative_report"],
            "submitted_on": timezone.localdate(),
        },
    )
    report_row.lines.all().delete()
    for account in form.forecast:
        ReportLine.objects.create(
            report=report_row,
            account=account,
            realised=data[f"realised_{account}"],
            explanation=data.get(f"explain_{account}", ""),
        )
    report_row.reach.all().delete()
    for qpv in [None, *qpvs]:
        for band in AgeBand:
            girls = data.get(ReportForm.reach_key(qpv, band, "girls")) or 0
            boys = data.get(ReportForm.reach_key(qpv, band, "boys")) or 0
            if girls or boys:
                ReportReach.objects.create(
                    report=report_row, qpv=qpv, age_band=band, girls=girls, boys=boys
                )
    workflow.move(grant, S.REPORTED, by=user)


# ---- notifications ---------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=_user(request))
    page, query = paginate(request, notifications, 30)
    return render(
        request,
        "accounts/inbox.html",
        {
            "page": page,
            "query": query,
            "unread": notifications.filter(read_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=_user(request), read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return saved(request, "Notifications marquées comme lues.", reverse("funding:inbox"))
