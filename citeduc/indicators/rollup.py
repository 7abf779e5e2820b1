"""The national rollup of one indicator code: every Cité that has it, grouped by region, with
region and national totals, masked for the national coordination (R-EVAL-3).

Cities and region subtotals are one table, masked together: a region total minus the Cités one can
read must not give back a masked Cité, so each region (per column) is a line of the masking."""

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from citeduc.indicators.enums import Sex, Unit
from citeduc.indicators.figures import Aggregate, Cell, aggregate, format_value
from citeduc.indicators.masking import Masking, Shown, is_small, suppress, threshold
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.models import CiteEducative
from citeduc.territory.regions import region_of_cite

TOTAL = "total"
COLUMNS = {Sex.GIRLS.value: "Filles", Sex.BOYS.value: "Garçons", "": "Non ventilé"}


@dataclass
class Line:
    label: str
    cells: list[str]  # as shown: a figure, or the mark that hides it
    total: str
    cite: CiteEducative | None = None


@dataclass
class Rollup:
    code: str
    name: str
    unit: str
    year: int
    columns: list[str]
    regions: list[tuple[Line, list[Line]]] = field(default_factory=list)
    nation: Line | None = None

    @property
    def cite_count(self) -> int:
        return sum(len(cites) for _region, cites in self.regions)

    def rows(self) -> list[tuple[str, str, Line]]:
        """(level, region, line) in reading order, for exports."""
        result = []
        for region, cites in self.regions:
            result += [("cite", region.label, line) for line in cites]
            result.append(("region", region.label, region))
        if self.nation:
            result.append(("national", "", self.nation))
        return result


def _masking_value(unit: str, agg: Aggregate) -> int:
    """The count a cell would reveal: a count, or a rate's numerator (any rate over a small
    denominator counts as small, since it describes a small group)."""
    if unit == Unit.RATE:
        if is_small(agg.denominator or 0, threshold()):
            return 1
        return agg.numerator or 0
    return int(agg.value)


def _text(indicator: Indicator, agg: Aggregate | None) -> str:
    return format_value(indicator, agg.value if agg else None)


def build_rollup(code: str, year: int, *, exact_for: frozenset[int] = frozenset()) -> Rollup | None:
    """``exact_for``: the Cités whose figures the viewer reads exactly (their own)."""
    indicators = list(
        Indicator.objects.filter(code=code)
        .select_related("cite")
        .prefetch_related("cite__communes")
        .order_by("cite__name")
    )
    if not indicators:
        return None
    first = indicators[0]
    unit = first.unit
    by_cell: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for indicator_id, sex, value, numerator, denominator in Measurement.objects.filter(
        indicator__code=code, year=year
    ).values_list("indicator_id", "sex", "value", "numerator", "denominator"):
        by_cell[(indicator_id, sex)].append(Cell(value, numerator, denominator))
    present = sorted({sex for (_i, sex) in by_cell}, key=list(COLUMNS).index)
    columns = present or [""]
    keys = [*columns, TOTAL]
    regions: dict[tuple[str, str], list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        regions[region_of_cite(indicator.cite)].append(indicator)
    measurements: dict[Hashable, list[Cell]] = {}
    lines: list[Sequence[Hashable]] = []
    exempt: set[Hashable] = set()
    for (region_code, _name), members in regions.items():
        for indicator in members:
            for col in keys:
                cols = columns if col == TOTAL else [col]
                measurements[("cite", indicator.pk, col)] = [
                    m for c in cols for m in by_cell.get((indicator.pk, c), [])
                ]
            row = [("cite", indicator.pk, col) for col in keys]
            lines.append(row)
            if indicator.cite_id in exact_for:
                exempt.update(row)
        for col in keys:
            measurements[("region", region_code, col)] = [
                m for i in members for m in measurements[("cite", i.pk, col)]
            ]
            lines.append([*[("cite", i.pk, col) for i in members], ("region", region_code, col)])
        lines.append([("region", region_code, col) for col in keys])
    for col in keys:
        measurements[("nation", col)] = [
            m for (code_, _n) in regions for m in measurements[("region", code_, col)]
        ]
        lines.append([*[("region", code_, col) for code_, _n in regions], ("nation", col)])
    lines.append([("nation", col) for col in keys])
    aggs = {
        key: aggregate(unit, rows) or Aggregate(Decimal(0)) for key, rows in measurements.items()
    }
    masked: dict[Hashable, Masking] = {}
    if unit in (Unit.COUNT, Unit.RATE):
        masked = suppress(
            {key: _masking_value(unit, agg) for key, agg in aggs.items()},
            lines,
            limit=threshold(),
            exempt=frozenset(exempt),
            totals={k for k in aggs if k[0] != "cite" or k[-1] == TOTAL},  # type: ignore[index]
        )

    def shown(key: Hashable) -> str:
        if key in masked:
            return Shown(0, masked[key], threshold()).text
        return _text(first, aggs[key] if measurements[key] else None)

    def line(prefix: tuple[Hashable, ...], label: str, cite: CiteEducative | None = None) -> Line:
        return Line(
            label, [shown((*prefix, col)) for col in columns], shown((*prefix, TOTAL)), cite
        )

    rollup = Rollup(code, first.name, unit, year, [COLUMNS[c] for c in columns])
    for (region_code, region_name), members in sorted(regions.items(), key=lambda r: r[0][1]):
        cites = [line(("cite", i.pk), i.cite.name, i.cite) for i in members]
        rollup.regions.append((line(("region", region_code), region_name), cites))
    rollup.nation = line(("nation",), "France entière")
    return rollup
