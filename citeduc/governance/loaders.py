"""The thin side of the governance rules: read a Cité's year of meetings, bodies and amendments
into the data ``governance/rules.py`` judges (four queries), and the checks every page shows."""

from datetime import date, datetime, time

from django.utils import timezone

from citeduc.common.findings import Finding
from citeduc.funding.loaders import check as check_money
from citeduc.funding.rules import Totals
from citeduc.governance.enums import AmendmentStatus, BodyKind, MeetingStatus
from citeduc.governance.models import Amendment, Body, Meeting
from citeduc.governance.rules import AgreedAmendment, GovernanceYear, check_year
from citeduc.territory.models import CiteEducative
from citeduc.territory.rules import r_per_2

JUDGED_MEETINGS = (BodyKind.COPIL_RESTREINT, BodyKind.COPIL_ELARGI, BodyKind.REVUE_PROJET)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def load_year(cite: CiteEducative, year: int, today: date) -> GovernanceYear:
    held: dict[str, list[date]] = {}
    for kind, starts in (
        Meeting.objects.filter(
            body__cite=cite,
            body__kind__in=JUDGED_MEETINGS,
            starts_at__gte=_aware(date(year, 1, 1), time.min),
            starts_at__lte=_aware(date(year, 12, 31), time.max),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("body__kind", "starts_at")
    ):
        held.setdefault(kind, []).append(timezone.localtime(starts).date())
    active = list(Body.objects.filter(cite=cite, is_active=True).values_list("kind", "qpv__code"))
    agreed = Amendment.objects.filter(
        cite=cite, status=AmendmentStatus.AGREED, answered_on__year=year
    )
    return GovernanceYear(
        year=year,
        today=today,
        label_start=cite.label_start,
        label_end=cite.label_end,
        held=held,
        has_comite_technique=any(kind == BodyKind.COMITE_TECHNIQUE for kind, _ in active),
        qpvs=list(cite.qpvs.order_by("code").values_list("code", "name")),
        collectif_qpvs={code for kind, code in active if kind == BodyKind.COLLECTIF_EDUCATIF},
        agreed=[
            AgreedAmendment(number, title, answered_on)
            for number, title, answered_on in agreed.values_list("number", "title", "answered_on")
            if answered_on is not None  # always set: the filter is on its year
        ],
    )


def check(cite: CiteEducative, year: int, today: date | None = None) -> list[Finding]:
    """The governance rules on a Cité's year, read from the database."""
    return check_year(load_year(cite, year, today or timezone.localdate()))


def check_all(
    cite: CiteEducative, year: int, today: date | None = None
) -> tuple[Totals, list[Finding]]:
    """Every rule of the convention, in its order: perimeter, money, then governance."""
    totals, findings = check_money(cite, year)
    return totals, r_per_2(cite) + findings + check(cite, year, today)
