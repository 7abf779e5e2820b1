"""Financial reports are due six months after the end of the year (R-FUND-7): who to remind."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from citeduc.accounts.notify import notify
from citeduc.funding.enums import RequestStatus
from citeduc.funding.models import GrantRequest
from citeduc.funding.workflow import move, porteur_users, request_url

# First reminder this many days before the due date, then again every REPEAT days until filed.
AHEAD = timedelta(days=30)
REPEAT = timedelta(days=14)


@dataclass
class ReminderRun:
    now_due: list[GrantRequest]
    reminded: list[GrantRequest]


@transaction.atomic
def remind(today: date, *, dry_run: bool = False) -> ReminderRun:
    """Requests paid for a year now ended become "report due"; their porteurs are reminded
    from a month before the deadline, then every two weeks, and after it while it is missing."""
    run = ReminderRun(now_due=[], reminded=[])
    paid = GrantRequest.objects.filter(
        status__in=[RequestStatus.SIGNED, RequestStatus.PAID], year__lt=today.year
    ).select_related("cite", "action", "applicant")
    for grant in paid:
        run.now_due.append(grant)
        if not dry_run:
            move(grant, RequestStatus.REPORT_DUE, by=None)
    due = GrantRequest.objects.filter(status=RequestStatus.REPORT_DUE).select_related(
        "cite", "action", "applicant"
    )
    for grant in due:
        if today < grant.report_due_on - AHEAD:
            continue
        if grant.report_reminded_on and today < grant.report_reminded_on + REPEAT:
            continue
        run.reminded.append(grant)
        if dry_run:
            continue
        late = today > grant.report_due_on
        notify(
            porteur_users(grant),
            f"{'Retard' if late else 'Rappel'} : compte-rendu financier — {grant.action.title}",
            f"Le compte-rendu financier (Cerfa 15059) de « {grant.action.title} » "
            f"({grant.year}) {'était attendu' if late else 'est attendu'} au plus tard le "
            f"{grant.report_due_on:%d/%m/%Y}. Il se dépose une fois pour tous les financeurs.",
            request_url(grant),
        )
        grant.report_reminded_on = today
        grant.save(update_fields=["report_reminded_on"])
    return run
