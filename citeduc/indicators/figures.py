"""How measurements add up: counts and euros are summed, rates are recomputed from their summed
numerators and denominators, plain percentages (no denominator to weigh them) are averaged."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple, Protocol

from citeduc.indicators.enums import Unit
from citeduc.indicators.masking import mask_value
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.models import CiteEducative

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Aggregate:
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None


class Figures(Protocol):
    """What adding up reads of a measurement."""

    @property
    def value(self) -> Decimal: ...
    @property
    def numerator(self) -> int | None: ...
    @property
    def denominator(self) -> int | None: ...


class Cell(NamedTuple):
    """A measurement's figures alone, read without building a model instance (national rollups
    add up thousands of them)."""

    value: Decimal
    numerator: int | None
    denominator: int | None


def aggregate(unit: str, measurements: Iterable[Figures]) -> Aggregate | None:
    rows = list(measurements)
    if not rows:
        return None
    if unit == Unit.RATE:
        num = sum(m.numerator or 0 for m in rows)
        den = sum(m.denominator or 0 for m in rows)
        value = (Decimal(100) * num / den).quantize(CENT, ROUND_HALF_UP) if den else Decimal(0)
        return Aggregate(value, num, den)
    total = sum((m.value for m in rows), Decimal(0))
    if unit == Unit.PERCENTAGE:
        return Aggregate((total / len(rows)).quantize(CENT, ROUND_HALF_UP))
    return Aggregate(total)


def by_period(
    indicator: Indicator, measurements: Iterable[Measurement]
) -> list[tuple[str, Aggregate]]:
    """The indicator's value per period, oldest first."""
    groups: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        groups[m.period].append(m)
    result = []
    for period in sorted(groups):
        agg = aggregate(indicator.unit, groups[period])
        if agg is not None:
            result.append((period, agg))
    return result


def progress(indicator: Indicator, current: Aggregate | None) -> int | None:
    """How far the value has gone from the baseline (or zero) to the target, in percent."""
    if current is None or indicator.target_value is None:
        return None
    start = indicator.baseline_value or Decimal(0)
    span = indicator.target_value - start
    if span == 0:
        return 100
    done = (current.value - start) / span
    return max(0, min(100, int(done * 100)))


def format_value(indicator: Indicator, value: Decimal | None) -> str:
    if value is None:
        return "—"
    if indicator.unit == Unit.COUNT:
        return f"{int(value):,}".replace(",", "\u202f")
    if indicator.unit == Unit.EUROS:
        return f"{value:,.0f}".replace(",", "\u202f") + " €"
    return f"{value:.1f}".replace(".", ",") + " %"


def shown_value(indicator: Indicator, agg: Aggregate | None, exact: bool) -> str:
    """A Cité-level figure as a reader may see it: a small count, or a rate over a small group,
    is masked unless the reader sees exact figures."""
    if agg is None:
        return "—"
    if indicator.unit == Unit.COUNT:
        return mask_value(int(agg.value), exact=exact).text
    if indicator.unit == Unit.RATE and not exact:
        if mask_value(agg.numerator or 0).is_masked or mask_value(agg.denominator or 0).is_masked:
            return mask_value(1).text
    return format_value(indicator, agg.value)


def measurements_by_indicator(cite: CiteEducative) -> dict[int, list[Measurement]]:
    """Every measurement of the Cité, per indicator, oldest period first (one query)."""
    grouped: dict[int, list[Measurement]] = defaultdict(list)
    for m in Measurement.objects.filter(indicator__cite=cite).order_by("period"):
        grouped[m.indicator_id].append(m)
    return grouped
