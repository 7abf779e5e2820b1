"""The national rollup of one indicator code: every Cité that has it, grouped by region, with
region and national totals, masked for the national coordination (R-EVAL-3).

Cities and region subtotals are one table, masked together: a region total minus the Cités one can
read must not give back a masked Cité, so each region (per column) is a line of the masking."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from citeduc.indicators.enums import Sex
from citeduc.indicators.secrecy import TOTAL, Key, build_families, cite_key, nation_key, region_key
from citeduc.territory.models import CiteEducative

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


def build_rollup(code: str, year: int, *, exact_for: frozenset[int] = frozenset()) -> Rollup | None:
    """``exact_for``: the Cités whose figures the viewer reads exactly (their own). Only published
    indicators take part, with the viewer's own; the masking is the family's (see secrecy)."""
    family = build_families([(code, year)], known=exact_for).get((code, year))
    if family is None:
        return None

    def line(key: Callable[[str], Key], label: str, cite: CiteEducative | None = None) -> Line:
        return Line(
            label, [family.text(key(c)) for c in family.columns], family.text(key(TOTAL)), cite
        )

    first = family.indicators[0]
    rollup = Rollup(code, first.name, family.unit, year, [COLUMNS[c] for c in family.columns])
    for (region, region_name), members in family.regions.items():
        cites = [line(partial(cite_key, i.cite_id), i.cite.name, i.cite) for i in members]
        rollup.regions.append((line(partial(region_key, region), region_name), cites))
    rollup.nation = line(nation_key, "France entière")
    return rollup
