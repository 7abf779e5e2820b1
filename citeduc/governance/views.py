"""Pages of the Cité's governance: bodies, the meeting calendar and its iCalendar feed, a
meeting (agenda, attendance, minutes, decisions, documents), the decision register, the
amendments and the State's control view."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from citeduc.accounts.api_auth import token_for
from citeduc.accounts.models import ApiToken, User
from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.pagination import paginate
from citeduc.common.text import is_digits
from citeduc.common.uploads import serve
from citeduc.funding.models import Decision, GrantRequest
from citeduc.governance import access, amendments, control, ical
from citeduc.governance.convocation import ConvocationError, cancel, convoke, unreachable
from citeduc.governance.documents import Parent, attach
from citeduc.governance.enums import AmendmentStatus
from citeduc.governance.forms import (
    AmendmentForm,
    AmendmentMoveForm,
    AttendanceForm,
    BodyForm,
    BodyMemberForm,
    DecisionRecordForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    RegisterFilter,
)
from citeduc.governance.loaders import check as check_governance
from citeduc.governance.models import (
    Amendment,
    Attendance,
    Body,
    BodyMember,
    DecisionRecord,
    Document,
    Meeting,
)
from citeduc.territory.access import cite_manager, cite_reader, get_cite_for_user
from citeduc.territory.models import CiteEducative


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _calendar_url(cite: CiteEducative) -> str:
    return reverse("governance:calendar", args=[cite.slug])


def _meetings(cite: CiteEducative):  # type: ignore[no-untyped-def]
    return Meeting.objects.filter(body__cite=cite).select_related("body__cite", "body__qpv")


# ---- calendar and bodies ----------------------------------------------------------------------


@login_required
@cite_reader
def calendar(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    bodies = list(
        Body.objects.filter(cite=cite)
        .select_related("qpv")
        .annotate(member_count=Count("members", distinct=True))
    )
    meetings = _meetings(cite).annotate(decision_count=Count("decisions"))
    body = next((b for b in bodies if str(b.pk) == request.GET.get("instance")), None)
    if body is not None:
        meetings = meetings.filter(body=body)
    now = timezone.now()
    upcoming = list(meetings.filter(ends_at__gte=now).order_by("starts_at")[:50])
    past, query = paginate(request, meetings.filter(ends_at__lt=now).order_by("-starts_at"), 20)
    year = timezone.localdate().year
    is_partner = access.is_partner(request.user, cite)
    return render(
        request,
        "governance/calendar.html",
        {
            "cite": cite,
            "bodies": bodies,
            "body": body,
            "upcoming": upcoming,
            "page": past,
            "query": query,
            "can_manage": access.can_manage(request.user, cite),
            "can_control": access.can_control(request.user, cite),
            "is_partner": is_partner,
            "findings": (
                check_governance(cite, year) + check_governance(cite, year - 1)
                if is_partner
                else []
            ),
            "year": year,
        },
    )


@login_required
@cite_reader
def body_detail(request: HttpRequest, cite: CiteEducative, pk: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("qpv", "cite"), cite=cite, pk=pk)
    return render(
        request,
        "governance/body_detail.html",
        {
            "cite": cite,
            "body": body,
            "members": body.members.select_related("user"),
            "meetings": body.meetings.select_related("body__cite").order_by("-starts_at")[:100],
            "can_manage": access.can_manage(request.user, cite),
        },
    )


@login_required
@cite_manager
def body_edit(request: HttpRequest, cite: CiteEducative, pk: int | None = None) -> HttpResponse:
    body = get_object_or_404(Body, cite=cite, pk=pk) if pk else Body(cite=cite)
    form = BodyForm(request.POST or None, instance=body, cite=cite)
    if request.method == "POST" and form.is_valid():
        body = form.save()
        return saved(request, f"Instance « {body.name} » enregistrée.", body.get_absolute_url())
    return render_form_page(
        request,
        form,
        title="Modifier l'instance" if pk else "Nouvelle instance",
        cancel_url=body.get_absolute_url() if pk else _calendar_url(cite),
    )


@login_required
@cite_manager
def member_edit(
    request: HttpRequest, cite: CiteEducative, pk: int, member_pk: int | None = None
) -> HttpResponse:
    body = get_object_or_404(Body, cite=cite, pk=pk)
    member = get_object_or_404(BodyMember, body=body, pk=member_pk) if member_pk else None
    form = BodyMemberForm(request.POST or None, instance=member, body=body)
    if request.method == "POST" and form.is_valid():
        member = form.save()
        return saved(request, f"{member} : membre enregistré.", body.get_absolute_url())
    return render_form_page(
        request,
        form,
        title=f"{'Modifier un membre' if member_pk else 'Ajouter un membre'} — {body.name}",
        cancel_url=body.get_absolute_url(),
    )


@login_required
@require_POST
@cite_manager
def member_remove(
    request: HttpRequest, cite: CiteEducative, pk: int, member_pk: int
) -> HttpResponse:
    body = get_object_or_404(Body, cite=cite, pk=pk)
    member = get_object_or_404(BodyMember, body=body, pk=member_pk)
    if member.attendances.exclude(presence="invite").exists():
        messages.error(
            request,
            f"{member} a une présence relevée à une réunion : le retirer effacerait l'historique "
            "des présences. Modifiez plutôt sa fonction ou désactivez l'instance.",
        )
    else:
        member.delete()
        messages.success(request, f"{member} n'est plus membre de l'instance.")
    return redirect(body.get_absolute_url())


# ---- meetings ---------------------------------------------------------------------------------


@login_required
@cite_manager
def meeting_edit(request: HttpRequest, cite: CiteEducative, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(_meetings(cite), pk=pk) if pk else None
    initial = {}
    if meeting is None and is_digits(request.GET.get("instance", "")):
        initial["body"] = request.GET["instance"]
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial, cite=cite)
    if request.method == "POST" and form.is_valid():
        before = meeting.sequence if meeting else 0
        meeting = form.save()
        if meeting.convoked_at and meeting.sequence > before and not meeting.is_past():
            messages.warning(
                request,
                "La réunion a changé depuis la convocation : renvoyez-la pour mettre à jour "
                "l'agenda des membres.",
            )
        return saved(request, "Réunion enregistrée.", meeting.get_absolute_url())
    return render_form_page(
        request,
        form,
        title="Modifier la réunion" if pk else "Nouvelle réunion",
        cancel_url=meeting.get_absolute_url() if meeting else _calendar_url(cite),
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, slug, pk)
    cite = meeting.body.cite
    readable = access.can_read_minutes(request.user, meeting)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "cite": cite,
            "meeting": meeting,
            "can_read": readable,
            "can_manage": access.can_manage(request.user, cite),
            "attendances": meeting.attendances.select_related("member") if readable else [],
            "decisions": (
                meeting.decisions.prefetch_related(
                    "actions",
                    Prefetch("requests", GrantRequest.objects.select_related("action")),
                    Prefetch("funding_decisions", Decision.objects.select_related("funder")),
                    Prefetch("documents", Document.objects.select_related("uploaded_by")),
                )
                if readable
                else []
            ),
            "documents": meeting.documents.select_related("uploaded_by") if readable else [],
            "is_past": meeting.is_past(),
        },
    )


@login_required
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, slug, pk)
    response = HttpResponse(
        ical.calendar([meeting], meeting.body.name, meeting.body.cite_id), ical.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


def feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The Cité's meetings for calendar clients, which cannot log in: a personal calendar token
    (`?jeton=cal_…`, from the security page) stands for the session. It opens feeds only: an API
    token is refused here, so the API's never ends up in a calendar address or an access log."""
    user = request.user
    raw = request.GET.get("jeton", "")
    if raw:
        found = token_for(raw, ApiToken.Kind.CALENDAR)
        if found is None:
            raise Http404("Lien d'agenda inconnu ou révoqué : créez-en un sur votre page Sécurité.")
        user = found.user
    elif not user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    cite = get_cite_for_user(user, slug, private=True)
    content = ical.calendar(
        _meetings(cite).order_by("starts_at"), f"Instances — {cite.name}", cite.pk
    )
    response = HttpResponse(content, ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="reunions-{cite.slug}.ics"'
    return response


@login_required
@require_POST
def meeting_convoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, slug, pk, manage=True)
    try:
        sent = convoke(meeting, _user(request))
    except ConvocationError as error:
        messages.error(request, str(error))
        return redirect(meeting.get_absolute_url())
    missing = unreachable(meeting)
    if sent:
        messages.success(
            request,
            f"Convocation envoyée par e-mail à {sent} membre{'s' if sent > 1 else ''}, "
            "avec la réunion en pièce jointe (.ics).",
        )
    if missing:
        messages.warning(
            request,
            ("Aucune convocation n'est partie par e-mail" if not sent else "Sans e-mail connu")
            + f" : {', '.join(missing)}. Ajoutez leur adresse à la composition de l'instance "
            "(ceux qui ont un compte citeduc trouvent la convocation dans leurs notifications).",
        )
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, slug, pk, manage=True)
    try:
        sent = cancel(meeting)
    except ConvocationError as error:
        messages.error(request, str(error))
        return redirect(meeting.get_absolute_url())
    told = (
        f" Les {sent} membres convoqués par e-mail en sont avertis ; leur agenda la retire."
        if sent
        else ""
    )
    messages.success(request, "La réunion est annulée." + told)
    missing = unreachable(meeting) if meeting.convoked_at else []
    if missing:
        messages.warning(
            request,
            f"Sans e-mail connu : {', '.join(missing)}. Prévenez-les autrement (ceux qui ont un "
            "compte citeduc trouvent l'annulation dans leurs notifications).",
        )
    return redirect(meeting.get_absolute_url())


@login_required
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, slug, pk, manage=True)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for member, presence, substitute in form.rows():
                Attendance.objects.update_or_create(
                    meeting=meeting,
                    member=member,
                    defaults={"presence": presence, "represented_by": substitute},
                )
        return saved(request, "Présences enregistrées.", meeting.get_absolute_url())
    return render_form_page(
        request,
        form,
        title=f"Présences — {meeting}",
        intro="Un membre représenté l'est par la personne indiquée, qui vote pour lui.",
        cancel_url=meeting.get_absolute_url(),
    )


@login_required
def meeting_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, slug, pk, manage=True)
    form = MinutesForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        return saved(request, "Compte rendu enregistré.", meeting.get_absolute_url())
    return render_form_page(
        request,
        form,
        title=f"Compte rendu — {meeting}",
        intro="Le compte rendu peut s'écrire pendant la réunion puis se compléter ; publié, "
        "il devient lisible par tous les membres de la Cité.",
        cancel_url=meeting.get_absolute_url(),
    )


@login_required
def decision_edit(
    request: HttpRequest, slug: str, pk: int, decision_pk: int | None = None
) -> HttpResponse:
    meeting = access.get_meeting(request.user, slug, pk, manage=True)
    record = (
        get_object_or_404(DecisionRecord, meeting=meeting, pk=decision_pk) if decision_pk else None
    )
    form = DecisionRecordForm(request.POST or None, instance=record, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        return saved(
            request, f"Décision n° {record.number} enregistrée.", meeting.get_absolute_url()
        )
    return render_form_page(
        request,
        form,
        title=f"{'Modifier la décision' if decision_pk else 'Nouvelle décision'} — {meeting}",
        cancel_url=meeting.get_absolute_url(),
    )


# ---- documents --------------------------------------------------------------------------------

PARENT_KINDS = ("reunion", "decision", "demande", "avenant")


def _parent(cite: CiteEducative, kind: str, pk: int) -> Parent:
    """The object a document is joined to, if the user may write there."""
    if kind == "reunion":
        return get_object_or_404(_meetings(cite), pk=pk)
    if kind == "decision":
        return get_object_or_404(
            DecisionRecord.objects.select_related("meeting__body__cite"),
            meeting__body__cite=cite,
            pk=pk,
        )
    if kind == "demande":
        return get_object_or_404(GrantRequest.objects.select_related("action"), cite=cite, pk=pk)
    if kind == "avenant":
        return get_object_or_404(Amendment.objects.select_related("cite"), cite=cite, pk=pk)
    raise Http404("Rattachement inconnu.")


def _back(parent: Parent) -> str:
    if isinstance(parent, DecisionRecord):
        return parent.meeting.get_absolute_url()
    if isinstance(parent, GrantRequest):
        return reverse("funding:request_detail", args=[parent.cite.slug, parent.pk])
    return parent.get_absolute_url()


@login_required
@cite_manager
def document_add(
    request: HttpRequest, cite: CiteEducative, parent: str, parent_pk: int
) -> HttpResponse:
    target = _parent(cite, parent, parent_pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attach(
            target,
            form.cleaned_data["file"],
            form.file_type,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            user=_user(request),
        )
        return saved(request, "Document ajouté.", _back(target))
    return render_form_page(
        request,
        form,
        title=f"Ajouter un document — {target}",
        cancel_url=_back(target),
        submit_label="Déposer",
    )


def _document(request: HttpRequest, slug: str, pk: int) -> Document:
    cite = get_cite_for_user(request.user, slug, private=True)
    document = get_object_or_404(
        Document.objects.select_related(
            "meeting__body__cite", "decision__meeting__body__cite", "request__cite", "amendment"
        ),
        cite=cite,
        pk=pk,
    )
    if not access.can_read_document(request.user, document):
        raise Http404("Document introuvable.")
    return document


@login_required
def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    document = _document(request, slug, pk)
    return serve(document.file, document.original_name, document.content_type)


@login_required
@require_POST
def document_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    document = _document(request, slug, pk)
    access.require_manager(request.user, document.cite)
    back = _back(document.parent)
    document.delete()  # the history keeps who filed it, when, and who removed it
    messages.success(request, f"Document « {document} » retiré.")
    return redirect(back)


# ---- the decision register --------------------------------------------------------------------


@login_required
@cite_reader
def register(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    form = RegisterFilter(request.GET or None, cite=cite)
    records = form.apply(access.readable_decisions(request.user, cite))
    records = records.select_related("meeting__body").prefetch_related(
        "actions",
        Prefetch("requests", GrantRequest.objects.select_related("action", "applicant")),
        Prefetch("funding_decisions", Decision.objects.select_related("funder")),
    )
    page, query = paginate(
        request, records.order_by("-meeting__starts_at", "meeting", "number"), 25
    )
    return render(
        request,
        "governance/register.html",
        {"cite": cite, "form": form, "page": page, "query": query},
    )


# ---- amendments -------------------------------------------------------------------------------


def _partner_cite(request: HttpRequest, slug: str) -> CiteEducative:
    cite = get_cite_for_user(request.user, slug, private=True)
    if not access.is_partner(request.user, cite):
        raise Http404("Page réservée aux partenaires de la Cité.")
    return cite


@login_required
def amendment_list(request: HttpRequest, slug: str) -> HttpResponse:
    cite = _partner_cite(request, slug)
    return render(
        request,
        "governance/amendment_list.html",
        {
            "cite": cite,
            "amendments": Amendment.objects.filter(cite=cite)
            .select_related("created_by")
            .annotate(document_count=Count("documents"))
            .order_by("-number"),
            "can_manage": access.can_manage(request.user, cite),
        },
    )


@login_required
def amendment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cite = _partner_cite(request, slug)
    amendment = get_object_or_404(Amendment.objects.select_related("created_by"), cite=cite, pk=pk)
    can_manage = access.can_manage(request.user, cite)
    return render(
        request,
        "governance/amendment_detail.html",
        {
            "cite": cite,
            "amendment": amendment,
            "documents": amendment.documents.select_related("uploaded_by"),
            "can_manage": can_manage,
            "can_move": can_manage
            and amendment.status not in {AmendmentStatus.REFUSED, AmendmentStatus.TRANSMITTED},
            "history": amendment.history.select_related("history_user").order_by("history_date"),
        },
    )


@login_required
@cite_manager
def amendment_edit(
    request: HttpRequest, cite: CiteEducative, pk: int | None = None
) -> HttpResponse:
    amendment = get_object_or_404(Amendment, cite=cite, pk=pk) if pk else None
    if amendment is not None and amendment.status != AmendmentStatus.DRAFT:
        messages.error(request, "Un avenant soumis au préfet ne se modifie plus.")
        return redirect(amendment.get_absolute_url())
    form = AmendmentForm(request.POST or None, instance=amendment, cite=cite)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            amendment = form.save(commit=False)
            if amendment.pk is None:
                amendment.cite = cite
                amendment.created_by = _user(request)
                amendment.number = amendments.next_number(cite.pk)
            amendment.save()
        return saved(
            request, f"Avenant n° {amendment.number} enregistré.", amendment.get_absolute_url()
        )
    return render_form_page(
        request,
        form,
        title="Modifier l'avenant" if pk else "Nouvel avenant",
        intro="Toute modification sensible du programme ou du plan d'actions demande l'accord "
        "préalable du préfet et sa transmission à la coordination nationale (art. 18).",
        cancel_url=amendment.get_absolute_url()
        if amendment
        else reverse("governance:amendment_list", args=[cite.slug]),
    )


@login_required
@cite_manager
def amendment_move(request: HttpRequest, cite: CiteEducative, pk: int) -> HttpResponse:
    amendment = get_object_or_404(Amendment, cite=cite, pk=pk)
    form = AmendmentMoveForm(request.POST or None, amendment=amendment)
    if request.method == "POST" and form.is_valid():
        try:
            moved = amendments.move(amendment, form.cleaned_data["target"], form.cleaned_data["on"])
        except amendments.AmendmentError as error:
            form.add_error(None, str(error))
        else:
            return saved(
                request,
                f"Avenant n° {moved.number} : {moved.get_status_display().lower()}.",
                moved.get_absolute_url(),
            )
    return render_form_page(
        request,
        form,
        title=f"Faire avancer l'avenant n° {amendment.number}",
        cancel_url=amendment.get_absolute_url(),
    )


# ---- control (art. 17) ------------------------------------------------------------------------


def controller_cite(request: HttpRequest, slug: str, year: int | None = None) -> CiteEducative:
    if year is not None and not 2000 <= year <= 2100:
        raise Http404("Année hors de l'époque des Cités éducatives.")
    cite = get_cite_for_user(request.user, slug, private=True)
    if not access.can_control(request.user, cite):
        raise Http404("Page réservée aux pilotes et à la coordination nationale.")
    return cite


@login_required
def control_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    cite = controller_cite(request, slug, year)
    changes, query = paginate(request, control.history(cite, year), 50)
    return render(
        request,
        "governance/control.html",
        {
            "cite": cite,
            "year": year,
            "documents": control.documents(cite, year),
            "page": changes,
            "query": query,
            "years": cite.label_years(),
        },
    )
