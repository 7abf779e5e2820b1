"""The financial report of a request (Cerfa 15059) and the notifications inbox; the applicant's
and the instructors' pages are in application_views and instruction_views."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from citeduc.accounts.models import Notification, User
from citeduc.common.enums import AgeBand
from citeduc.common.forms_page import saved
from citeduc.common.pagination import paginate
from citeduc.funding import access, workflow
from citeduc.funding.enums import (
    REPORTABLE_STATUSES,
)
from citeduc.funding.forms import (
    ReportForm,
)
from citeduc.funding.loaders import forecast_by_account, gap_share
from citeduc.funding.models import (
    FinancialReport,
    GrantRequest,
    ReportLine,
    ReportReach,
)
from citeduc.funding.view_support import S, detail_url, user_of
from citeduc.territory.models import Qpv

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
            _save_report(grant, form, qpvs, user_of(request))
            return saved(
                request,
                "Compte-rendu financier déposé : la coordination en est avertie.",
                detail_url(grant),
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
    notifications = Notification.objects.filter(user=user_of(request))
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
    Notification.objects.filter(user=user_of(request), read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return saved(request, "Notifications marquées comme lues.", reverse("funding:inbox"))
