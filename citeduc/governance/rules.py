"""The convention's governance rules (RULES.md §III, R-GOV-1 … 5) as pure functions of a Cité,
a year and today's date, in the same shape as the money rules: a list of findings each."""

from collections.abc import Callable
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from citeduc.common.findings import Finding, Severity
from citeduc.funding.rules import Totals
from citeduc.funding.rules import check as check_money
from citeduc.governance.enums import AmendmentStatus, BodyKind, MeetingStatus
from citeduc.governance.models import Amendment, Body, Meeting
from citeduc.territory.models import CiteEducative
from citeduc.territory.rules import r_per_2

QUARTER_NAMES = {1: "1er trimestre", 2: "2e trimestre", 3: "3e trimestre", 4: "4e trimestre"}


def quarters(year: int) -> list[tuple[int, date, date]]:
    """The four quarters of a year: number, first day, last day."""
    ends = [date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31)]
    return [(n, date(year, 3 * n - 2, 1), end) for n, end in enumerate(ends, start=1)]


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def meetings_held(cite: CiteEducative, kind: str, start: date, end: date) -> QuerySet[Meeting]:
    """Meetings of a kind of body, not cancelled, that started between two days included."""
    return Meeting.objects.filter(
        body__cite=cite,
        body__kind=kind,
        starts_at__gte=_aware(start, time.min),
        starts_at__lte=_aware(end, time.max),
    ).exclude(status=MeetingStatus.CANCELLED)


def _in_label(cite: CiteEducative, start: date, end: date) -> bool:
    return start <= cite.label_end and end >= cite.label_start


def r_gov_1(cite: CiteEducative, year: int, today: date) -> list[Finding]:
    """Each ended quarter of the label period needs a COPIL restreint (art. 4)."""
    held = {
        timezone.localtime(starts).month
        for starts in meetings_held(
            cite, BodyKind.COPIL_RESTREINT, date(year, 1, 1), date(year, 12, 31)
        ).values_list("starts_at", flat=True)
    }
    findings = []
    for number, start, end in quarters(year):
        if end >= today or not _in_label(cite, start, end):
            continue  # a quarter in progress, to come, or outside the label is not judged
        if not any(start.month <= month <= end.month for month in held):
            findings.append(
                Finding(
                    "R-GOV-1",
                    Severity.WARNING,
                    f"Aucune réunion du comité de pilotage restreint au {QUARTER_NAMES[number]} "
                    f"{year} (du {start:%d/%m/%Y} au {end:%d/%m/%Y}) : la convention en prévoit "
                    "au moins une par trimestre (art. 4).",
                    {"year": year, "quarter": number},
                )
            )
    return findings


def _yearly(
    cite: CiteEducative, year: int, today: date, kind: str, rule: str, text: str
) -> list[Finding]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if end >= today or not _in_label(cite, start, end):
        return []
    if meetings_held(cite, kind, start, end).exists():
        return []
    return [Finding(rule, Severity.WARNING, text, {"year": year})]


def r_gov_2(cite: CiteEducative, year: int, today: date) -> list[Finding]:
    return _yearly(
        cite,
        year,
        today,
        BodyKind.COPIL_ELARGI,
        "R-GOV-2",
        f"Aucune réunion du comité de pilotage élargi en {year} : il se réunit une fois par an "
        "(art. 4).",
    )


def r_gov_3(cite: CiteEducative, year: int, today: date) -> list[Finding]:
    """A comité technique and a collectif éducatif per QPV of the Cité exist."""
    active = Body.objects.filter(cite=cite, is_active=True)
    findings = []
    if not active.filter(kind=BodyKind.COMITE_TECHNIQUE).exists():
        findings.append(
            Finding(
                "R-GOV-3",
                Severity.WARNING,
                "La Cité n'a pas de comité technique (les trois chefs de file et "
                "l'intercommunalité, art. 4).",
                {},
            )
        )
    covered = set(active.filter(kind=BodyKind.COLLECTIF_EDUCATIF).values_list("qpv_id", flat=True))
    for qpv in cite.qpvs.order_by("code"):
        if qpv.pk not in covered:
            findings.append(
                Finding(
                    "R-GOV-3",
                    Severity.WARNING,
                    f"Le quartier {qpv.name} ({qpv.code}) n'a pas de collectif éducatif (art. 4).",
                    {"qpv": qpv.code},
                )
            )
    return findings


def r_gov_4(cite: CiteEducative, year: int, today: date) -> list[Finding]:
    return _yearly(
        cite,
        year,
        today,
        BodyKind.REVUE_PROJET,
        "R-GOV-4",
        f"Aucune revue annuelle de projet enregistrée pour {year} : sans elle, la subvention de "
        "l'année suivante peut être révisée (art. 14).",
    )


def r_gov_5(cite: CiteEducative, year: int, today: date) -> list[Finding]:
    """An amendment the Préfet agreed must reach the national coordination (art. 18)."""
    waiting = Amendment.objects.filter(
        cite=cite, status=AmendmentStatus.AGREED, answered_on__year=year
    )
    return [
        Finding(
            "R-GOV-5",
            Severity.WARNING,
            f"L'avenant n° {a.number} « {a.title} », accordé par le préfet le "
            f"{a.answered_on:%d/%m/%Y}, n'est pas transmis à la coordination nationale "
            "(ANCT-DGESCO, art. 18).",
            {"amendment": a.number, "agreed_on": a.answered_on.isoformat()},  # type: ignore[union-attr]
        )
        for a in waiting
    ]


RULES: list[Callable[[CiteEducative, int, date], list[Finding]]] = [
    r_gov_1,
    r_gov_2,
    r_gov_3,
    r_gov_4,
    r_gov_5,
]


def check(cite: CiteEducative, year: int, today: date | None = None) -> list[Finding]:
    today = today or timezone.localdate()
    return [finding for rule in RULES for finding in rule(cite, year, today)]


def check_all(
    cite: CiteEducative, year: int, today: date | None = None
) -> tuple[Totals, list[Finding]]:
    """Every rule of the convention, in its order: perimeter, money, then governance."""
    totals, findings = check_money(cite, year)
    return totals, r_per_2(cite) + findings + check(cite, year, today)
