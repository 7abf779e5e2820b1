"""Pages of the council's acts: a council and its sittings, a sitting with its attendance grid,
a deliberation with its tally and findings; the forms that type a sitting by hand."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.uploads import serve
from citeduc.deliberations import access
from citeduc.deliberations.forms import (
    AttendanceForm,
    CouncilForm,
    DeliberationForm,
    ProxyForm,
    SittingForm,
)
from citeduc.deliberations.models import Attendance, Council, Deliberation, Proxy, Sitting
from citeduc.deliberations.tally import attendance, count
from citeduc.territory.access import cite_manager
from citeduc.territory.models import CiteEducative

SYMBOL = {"present": "P", "represented": "R", "absent": "A"}


def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_object_or_404(Council.objects.select_related("commune"), pk=pk)
    return render(
        request,
        "deliberations/council_detail.html",
        {
            "council": council,
            "sittings": council.sittings.prefetch_related("deliberations").order_by("-date"),
            "councillors": council.councillors.all(),
            "can_edit": access.can_edit(request.user, council),
        },
    )


def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(
        Sitting.objects.select_related("council", "chair", "secretary"), pk=pk
    )
    members, proxies = sitting.roster()
    items = list(range(1, sitting.last_item + 1))
    per_item = [attendance(members, proxies, item) for item in items]
    statuses = [a.status() for a in per_item]
    grid = [(m, [SYMBOL[s.get(m.key, "absent")] for s in statuses]) for m in members]
    totals = [
        (item, len(a.present), len(a.represented), len(a.absent))
        for item, a in zip(items, per_item, strict=True)
    ]
    return render(
        request,
        "deliberations/sitting_detail.html",
        {
            "sitting": sitting,
            "council": sitting.council,
            "items": items,
            "grid": grid,
            "totals": totals,
            "proxies": sitting.proxies.select_related("giver", "holder"),
            "deliberations": sitting.deliberations.all(),
            "can_edit": access.can_edit(request.user, sitting.council),
        },
    )


def deliberation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deliberation = get_object_or_404(
        Deliberation.objects.select_related(
            "sitting__council", "rapporteur", "cite"
        ).prefetch_related("interested"),
        pk=pk,
    )
    sitting = deliberation.sitting
    members, proxies = sitting.roster()
    tally, findings = count(
        members,
        proxies,
        members_in_office=sitting.members_in_office,
        item=deliberation.item,
        votes=deliberation.votes,
        interested=[c.key for c in deliberation.interested.all()],
        second_convocation=sitting.convocation == 2,
        secret_ballot=deliberation.ballot == "secret",
    )
    return render(
        request,
        "deliberations/deliberation_detail.html",
        {
            "deliberation": deliberation,
            "sitting": sitting,
            "council": sitting.council,
            "tally": tally,
            "findings": findings,
            "can_edit": access.can_edit(request.user, sitting.council),
        },
    )


# ---- typing a sitting by hand -----------------------------------------------------------------


@login_required
@cite_manager
def council_create(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    form = CouncilForm(request.POST or None, cite=cite)
    if request.method == "POST" and form.is_valid():
        council = form.save()
        return saved(request, f"Conseil « {council} » enregistré.", council.get_absolute_url())
    return render_form_page(
        request,
        form,
        title="Nouveau conseil délibérant",
        cancel_url=reverse("territory:cite_space", args=[cite.slug]),
    )


@login_required
def council_edit(request: HttpRequest, pk: int) -> HttpResponse:
    council = get_object_or_404(Council, pk=pk)
    access.require_editor(request.user, council)
    cite = access.cites_of(council).first()
    assert cite is not None  # an editor who is not a superuser manages one of its Cités
    form = CouncilForm(request.POST or None, instance=council, cite=cite)
    if request.method == "POST" and form.is_valid():
        form.save()
        return saved(request, "Conseil enregistré.", council.get_absolute_url())
    return render_form_page(
        request, form, title=f"Modifier — {council}", cancel_url=council.get_absolute_url()
    )


@login_required
def sitting_edit(
    request: HttpRequest, pk: int | None = None, council_pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        sitting = get_object_or_404(Sitting.objects.select_related("council"), pk=pk)
        council = sitting.council
    else:
        council = get_object_or_404(Council, pk=council_pk)
        sitting = Sitting(council=council)
    access.require_editor(request.user, council)
    form = SittingForm(request.POST or None, instance=sitting, council=council)
    if request.method == "POST" and form.is_valid():
        sitting = form.save()
        return saved(request, "Séance enregistrée.", sitting.get_absolute_url())
    return render_form_page(
        request,
        form,
        title="Modifier la séance" if pk else f"Nouvelle séance — {council}",
        cancel_url=sitting.get_absolute_url() if pk else council.get_absolute_url(),
    )


def _sitting_for_editor(request: HttpRequest, pk: int) -> Sitting:
    sitting = get_object_or_404(Sitting.objects.select_related("council"), pk=pk)
    access.require_editor(request.user, sitting.council)
    return sitting


@login_required
def sitting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _sitting_for_editor(request, pk)
    form = AttendanceForm(request.POST or None, sitting=sitting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            sitting.attendances.all().delete()
            Attendance.objects.bulk_create(
                Attendance(
                    sitting=sitting,
                    councillor=councillor,
                    present=present,
                    first_item=span.first if present else None,
                    last_item=span.last if present else None,
                )
                for councillor, present, span in form.rows()
            )
        return saved(request, "Présences enregistrées.", sitting.get_absolute_url())
    return render_form_page(
        request,
        form,
        title=f"Présences — {sitting}",
        intro="Laisser les questions vides pour une présence à toute la séance.",
        cancel_url=sitting.get_absolute_url(),
    )


@login_required
def proxy_create(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _sitting_for_editor(request, pk)
    form = ProxyForm(request.POST or None, request.FILES or None, sitting=sitting)
    if request.method == "POST" and form.is_valid():
        form.save()
        return saved(request, "Procuration enregistrée.", sitting.get_absolute_url())
    return render_form_page(
        request,
        form,
        title=f"Nouvelle procuration — {sitting}",
        intro="Laisser les questions vides pour une procuration valable toute la séance.",
        cancel_url=sitting.get_absolute_url(),
    )


@login_required
def proxy_document(request: HttpRequest, pk: int) -> FileResponse:
    """The written proxy, for those who keep the register only."""
    proxy = get_object_or_404(Proxy.objects.select_related("sitting__council", "giver"), pk=pk)
    access.require_editor(request.user, proxy.sitting.council)
    if not proxy.document:
        raise Http404("Aucun pouvoir écrit n'est joint à cette procuration.")
    suffix = PurePath(proxy.document.name or "").suffix
    return serve(proxy.document, f"procuration-{slugify(str(proxy.giver))}{suffix}", "")


@login_required
@require_POST
def proxy_delete(request: HttpRequest, pk: int) -> HttpResponse:
    proxy = get_object_or_404(Proxy.objects.select_related("sitting__council"), pk=pk)
    access.require_editor(request.user, proxy.sitting.council)
    proxy.delete()
    messages.success(request, f"Procuration « {proxy} » retirée.")
    return redirect(proxy.sitting.get_absolute_url())


@login_required
def deliberation_edit(
    request: HttpRequest, pk: int | None = None, sitting_pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        deliberation = get_object_or_404(Deliberation.objects.select_related("sitting"), pk=pk)
        sitting = deliberation.sitting
    else:
        sitting = get_object_or_404(Sitting, pk=sitting_pk)
        deliberation = Deliberation(sitting=sitting)
    access.require_editor(request.user, sitting.council)
    form = DeliberationForm(
        request.POST or None,
        instance=deliberation,
        sitting=sitting,
        cites=access.cites_of(sitting.council),
    )
    if request.method == "POST" and form.is_valid():
        deliberation = form.save()
        return saved(
            request,
            f"Délibération n° {deliberation.number} enregistrée.",
            deliberation.get_absolute_url(),
        )
    return render_form_page(
        request,
        form,
        title="Modifier la délibération" if pk else f"Nouvelle délibération — {sitting}",
        cancel_url=deliberation.get_absolute_url() if pk else sitting.get_absolute_url(),
    )
