"""The applicant's pages: calls for projects, starting an application, its steps one by one
(a table of step handlers), submitting it and its attachments."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from citeduc.accounts.models import User
from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.languages import translated
from citeduc.common.page_cache import kept_for_visitors
from citeduc.common.uploads import serve
from citeduc.directory.models import Claim
from citeduc.funding import access, application, workflow
from citeduc.funding.enums import (
    EDITABLE_STATUSES,
)
from citeduc.funding.forms import (
    ApplyForm,
    AttachmentForm,
    BudgetForm,
    CallForm,
    DeclarationsForm,
    IdentityForm,
    ProjectForm,
)
from citeduc.funding.models import (
    Attachment,
    Call,
    GrantRequest,
)
from citeduc.funding.view_support import detail_url, require_instructor, step_url, user_of
from citeduc.territory.access import cite_reader, get_cite_for_user, roles_in
from citeduc.territory.enums import Role
from citeduc.territory.models import CiteEducative

# ---- calls for projects -----------------------------------------------------------------------


@translated
@kept_for_visitors
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


@translated
@kept_for_visitors
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
            # The button leads anonymous people to log in, and others only if they may apply.
            "can_apply": not request.user.is_authenticated
            or bool(access.applicant_organisations(request.user, cite)),
            "can_manage": access.can_instruct(request.user, cite),
        },
    )


@login_required
@cite_reader
def call_edit(request: HttpRequest, cite: CiteEducative, pk: int | None = None) -> HttpResponse:
    require_instructor(request, cite)
    call = get_object_or_404(Call, cite=cite, pk=pk) if pk else Call(cite=cite)
    form = CallForm(request.POST or None, instance=call, cite=cite)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        return saved(
            request,
            "Appel à projets enregistré.",
            reverse("funding:call_detail", args=[cite.slug, call.pk]),
        )
    return render_form_page(
        request,
        form,
        title="Modifier l'appel à projets" if pk else "Nouvel appel à projets",
        cancel_url=reverse("funding:call_list", args=[cite.slug]),
    )


@login_required
@cite_reader
def apply(request: HttpRequest, cite: CiteEducative, pk: int) -> HttpResponse:
    """Start an application to a call, new or taken up from an earlier year's request."""
    call = get_object_or_404(Call, cite=cite, pk=pk)
    organisations = access.applicant_organisations(request.user, cite)
    if not organisations:
        # A porteur without a structure yet (invited, or waiting for the coordination) is shown
        # why and the way to one, not a dead end; anyone else has no business here.
        if request.method == "POST" or Role.PORTEUR not in roles_in(request.user, cite):
            raise Http404("Aucune structure dont vous êtes éditeur dans cette Cité.")
        return render(
            request,
            "funding/apply_no_structure.html",
            {
                "cite": cite,
                "call": call,
                "claims": Claim.objects.filter(user=request.user.pk, cite=cite),
            },
        )
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
                by=user_of(request),
            )
            return saved(
                request,
                "Brouillon créé : complétez chaque étape, il est enregistré au fur et à mesure.",
                step_url(grant, "identite"),
            )
    return render_form_page(
        request,
        form,
        title=f"Déposer une demande — {call.title}",
        intro=f"Date limite de dépôt : {call.closes_on:%d/%m/%Y}.",
        cancel_url=reverse("funding:call_detail", args=[cite.slug, pk]),
        submit_label="Commencer la demande",
    )


# ---- the application, step by step -----------------------------------------------------------


@dataclass
class _Step:
    """One step of the application being shown or saved: what its handler reads and fills."""

    request: HttpRequest
    grant: GrantRequest
    data: QueryDict | None
    user: User
    form: forms.BaseForm | None = None
    context: dict[str, object] = field(default_factory=dict)
    answer: HttpResponse | None = None  # set by a handler that answers itself (a redirect)

    @property
    def saving(self) -> bool:
        return self.data is not None and self.form is not None and self.form.is_valid()


def _identity_step(s: _Step) -> None:
    s.form = IdentityForm(
        s.data,
        initial=application.identity_initial(s.grant),
        is_association=s.grant.applicant.kind == "association",
    )
    if s.saving:
        application.save_identity(s.grant, s.form.cleaned_data, s.user)


def _project_step(s: _Step) -> None:
    s.form = ProjectForm(s.data, initial=application.project_initial(s.grant), grant=s.grant)
    if s.saving:
        application.save_project(s.grant, s.form.cleaned_data, s.user)


def _budget_step(s: _Step) -> None:
    funders = application.call_funders(s.grant)
    s.form = BudgetForm(s.data, initial=application.budget_initial(s.grant), funders=funders)
    if s.saving:
        application.save_budget(s.grant, s.form.cleaned_data, funders)
        summary = application.budget_summary(s.grant)
        if summary["errors"]:
            messages.warning(
                s.request,
                "Budget enregistré mais déséquilibré (R-FUND-8) : "
                + " ; ".join(summary["errors"])
                + ". Il faudra l'équilibrer avant de déposer la demande.",
            )
            s.answer = redirect(step_url(s.grant, "budget"))
            return
    s.context["summary"] = application.budget_summary(s.grant)


def _declarations_step(s: _Step) -> None:
    s.form = DeclarationsForm(s.data, instance=s.grant)
    if s.saving:
        s.grant._history_user = s.user  # type: ignore[attr-defined]
        s.form.save()


def _attachments_step(s: _Step) -> None:
    form = AttachmentForm(s.data, s.request.FILES if s.data is not None else None)
    s.form = form
    if s.saving:
        upload = form.cleaned_data["file"]
        Attachment.objects.create(
            request=s.grant,
            kind=form.cleaned_data["kind"],
            file=upload,
            original_name=upload.name[:200],
            content_type=form.file_type.content_type,
            size=upload.size,
            uploaded_by=s.user,
        )
        s.answer = saved(
            s.request, f"Pièce « {upload.name} » ajoutée.", step_url(s.grant, "pieces")
        )
        return
    s.context["attachments"] = list(s.grant.attachments.all())
    s.context["required"] = s.grant.call.required_labels() if s.grant.call is not None else []


def _summary_step(s: _Step) -> None:
    s.context["errors"] = workflow.submission_errors(s.grant)
    s.context["summary"] = application.budget_summary(s.grant)
    s.context["asked"] = list(s.grant.asked.select_related("funder"))
    s.context["attachments"] = list(s.grant.attachments.all())


# The application's steps, in application.STEP_NAMES order: each shows its form and saves it.
STEP_HANDLERS: dict[str, Callable[[_Step], None]] = {
    "identite": _identity_step,
    "projet": _project_step,
    "budget": _budget_step,
    "declarations": _declarations_step,
    "pieces": _attachments_step,
    "recapitulatif": _summary_step,
}


@login_required
def request_step(request: HttpRequest, slug: str, pk: int, step: str) -> HttpResponse:
    handler = STEP_HANDLERS.get(step)
    if handler is None:
        raise Http404("Étape inconnue.")
    grant = access.get_request(request.user, slug, pk, edit=True)
    editable = grant.status in EDITABLE_STATUSES
    if request.method == "POST" and not editable:
        messages.error(
            request,
            f"La demande est « {grant.get_status_display()} » : elle n'est plus modifiable.",
        )
        return redirect(detail_url(grant))
    data = request.POST if request.method == "POST" else None
    s = _Step(request, grant, data, user_of(request))
    handler(s)
    if s.answer is not None:
        return s.answer
    index = application.STEP_NAMES.index(step)
    if s.form is not None and data is not None and not s.form.errors:
        next_step = application.STEP_NAMES[index + 1]
        return saved(request, "Étape enregistrée.", step_url(grant, next_step))
    return render(
        request,
        "funding/request_step.html",
        {
            "cite": grant.cite,
            "grant": grant,
            "step": step,
            "steps": application.STEPS,
            "step_index": index + 1,
            "step_label": dict(application.STEPS)[step],
            "next_label": dict(application.STEPS).get(
                application.STEP_NAMES[min(index + 1, 5)], ""
            ),
            "form": s.form,
            "editable": editable,
            **s.context,
        },
        status=400 if s.form is not None and s.form.errors else 200,
    )


@login_required
@require_POST
def submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    grant = access.get_request(request.user, slug, pk, edit=True)
    if grant.status not in EDITABLE_STATUSES:
        messages.error(request, "Cette demande est déjà déposée.")
        return redirect(detail_url(grant))
    try:
        workflow.submit(grant, by=user_of(request))
    except workflow.WorkflowError:
        messages.error(
            request, "La demande ne peut pas encore être déposée : voyez les points signalés."
        )
        return redirect(step_url(grant, "recapitulatif"))
    return saved(
        request,
        "Demande déposée : la coordination de la Cité en est avertie.",
        detail_url(grant),
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
    return redirect(step_url(grant, "pieces"))
