"""Measurements citeduc computes from its own data: reach from the financial reports, actions,
money, meetings. Each computation returns the cells of one year; ``derive_measurements`` replaces
the derived rows of that year with them, so running it twice changes nothing."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum

from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action
from citeduc.common import versions
from citeduc.funding.loaders import decisions_of, money_sum, totals
from citeduc.funding.models import ReportReach
from citeduc.governance.enums import MeetingStatus
from citeduc.governance.models import Meeting
from citeduc.indicators.enums import Origin, Sex
from citeduc.indicators.models import Indicator, Measurement
from citeduc.indicators.periods import PeriodKind
from citeduc.territory.models import CiteEducative

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Cell:
    value: Decimal
    qpv_id: int | None = None
    sex: str = ""
    age_band: str = ""
    numerator: int | None = None
    denominator: int | None = None


def rate(numerator: int, denominator: int) -> Decimal:
    if not denominator:
        return Decimal(0)
    return (HUNDRED * numerator / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _reach(cite: CiteEducative, year: int):  # type: ignore[no-untyped-def]
    return (
        ReportReach.objects.filter(
            report__request__cite=cite, report__request__year=year, qpv__isnull=False
        )
        .values("qpv_id", "age_band")
        .annotate(girls=Sum("girls"), boys=Sum("boys"))
        .order_by("qpv_id", "age_band")
    )


def public_touche(cite: CiteEducative, year: int) -> list[Cell]:
    cells = []
    for row in _reach(cite, year):
        for sex, count in ((Sex.GIRLS, row["girls"]), (Sex.BOYS, row["boys"])):
            cells.append(Cell(Decimal(count), row["qpv_id"], sex, row["age_band"]))
    return cells


def part_filles(cite: CiteEducative, year: int) -> list[Cell]:
    per_qpv: dict[int, tuple[int, int]] = {}
    for row in _reach(cite, year):
        girls, everyone = per_qpv.get(row["qpv_id"], (0, 0))
        per_qpv[row["qpv_id"]] = (girls + row["girls"], everyone + row["girls"] + row["boys"])
    return [
        Cell(rate(girls, everyone), qpv_id, numerator=girls, denominator=everyone)
        for qpv_id, (girls, everyone) in per_qpv.items()
        if everyone
    ]


def actions_programmees(cite: CiteEducative, year: int) -> list[Cell]:
    count = (
        Action.objects.filter(cite=cite, year=year)
        .exclude(status__in=[ActionStatus.PISTE, ActionStatus.ABANDONNEE])
        .count()
    )
    return [Cell(Decimal(count))]


def montant_accorde(cite: CiteEducative, year: int) -> list[Cell]:
    total = decisions_of(cite, year).aggregate(total=money_sum())["total"]
    return [Cell(total)] if total else []


def part_hors_etat(cite: CiteEducative, year: int) -> list[Cell]:
    t = totals(cite, year)
    if not t.global_budget:
        return []
    return [Cell((t.non_state_share * HUNDRED).quantize(Decimal("0.01"), ROUND_HALF_UP))]


def reunions_tenues(cite: CiteEducative, year: int) -> list[Cell]:
    count = Meeting.objects.filter(
        body__cite=cite, starts_at__year=year, status=MeetingStatus.HELD
    ).count()
    return [Cell(Decimal(count))]


DERIVATIONS: dict[str, Callable[[CiteEducative, int], list[Cell]]] = {
    "public_touche": public_touche,
    "part_filles": part_filles,
    "actions_programmees": actions_programmees,
    "montant_accorde": montant_accorde,
    "part_hors_etat": part_hors_etat,
    "reunions_tenues": reunions_tenues,
}


@transaction.atomic
def derive_measurements(cite: CiteEducative, year: int) -> int:
    """Recompute every derived indicator of the Cité for the year; returns the rows computed.
    An indicator whose rows come out as they were is left untouched: the figures kept from the
    children's data (the masked families, `versions.TOPICS`) stay kept after a write that
    changed nothing they show — most of the writes this follows."""
    computed = 0
    changed = False
    for indicator in Indicator.objects.filter(cite=cite).exclude(derived_from=""):
        compute = DERIVATIONS.get(indicator.derived_from)
        if compute is None:
            continue
        cells = compute(cite, year)
        computed += len(cells)
        existing = Measurement.objects.filter(
            indicator=indicator, period=str(year), origin=Origin.DERIVED
        )
        if Counter(map(_content, existing)) == Counter(map(_content, cells)):
            continue
        existing.delete()
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                period=str(year),
                period_kind=PeriodKind.YEAR,
                year=year,
                qpv_id=cell.qpv_id,
                sex=cell.sex,
                age_band=cell.age_band,
                value=cell.value,
                numerator=cell.numerator,
                denominator=cell.denominator,
                origin=Origin.DERIVED,
            )
            for cell in cells
        )
        changed = True
    if changed:
        versions.changed(cite.pk, "indicators")  # bulk_create sends no signal
    return computed


def _content(row: Measurement | Cell) -> tuple[object, ...]:
    """What a derived row says (equal Decimals hash equal: 5 and 5.00 are the same figure)."""
    return (row.qpv_id, row.sex, row.age_band, row.value, row.numerator, row.denominator)
