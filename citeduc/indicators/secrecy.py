"""One secrecy layer for every output of an indicator (R-EVAL-3).

The same figures leave through several doors: a Cité's public pages (a QPV × sex table per period,
the series of periods, the latest value in the list), the API, the national rollup page, its CSV
and spreadsheet, the annual review. Masked one door at a time, they gave each other away: the
rollup hid Cité B's total to protect a small Cité A, B's own public page showed that total, and
region total − B − the others gave A back exactly.

So the masking is decided once, for the whole *family* of tables a viewer can read together about
one indicator code and one year, linked by their sums:

    QPV × sex cells of a Cité and a period → the Cité's period totals → the Cité's year totals
    → region totals → national totals

and every output reads its figures from that one decision. The figures of the viewer's own Cités
are treated as known: never masked, never used to protect anybody else.

After the usual rule (a line bound by a sum never holds exactly one masked entry), an audit solves
the published sums as a linear system over the masked entries; any entry the system determines is
protected by masking one more entry of a line that holds it, until nothing can be recovered.
"""

import hashlib
from collections import OrderedDict, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.cache import caches
from django.db.models import Q

from citeduc.common import versions
from citeduc.indicators.enums import Sex, Unit
from citeduc.indicators.figures import Aggregate, Cell, aggregate, format_value
from citeduc.indicators.masking import MaskedGrid, Masking, Shown, is_small, suppress, threshold
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.regions import region_of_cite

TOTAL = "total"
NO_QPV = 0  # measurements "whole Cité or outside the QPV"
COLUMN_ORDER = [Sex.GIRLS.value, Sex.BOYS.value, ""]
MASKED_UNITS = (Unit.COUNT, Unit.RATE)

type Key = tuple[Hashable, ...]
type Line = Sequence[Key]  # entries bound by a sum; the last one is the sum of the others


def qpv_key(cite_id: int, period: str, qpv_id: int | None, column: str) -> Key:
    return ("qpv", cite_id, period, qpv_id or NO_QPV, column)


def period_key(cite_id: int, period: str, column: str = TOTAL) -> Key:
    return ("period", cite_id, period, column)


def cite_key(cite_id: int, column: str = TOTAL) -> Key:
    return ("cite", cite_id, column)


def region_key(region: str, column: str = TOTAL) -> Key:
    return ("region", region, column)


def nation_key(column: str = TOTAL) -> Key:
    return ("nation", column)


def determined[K: Hashable](
    lines: Iterable[Sequence[K]], known: Mapping[K, int], unknown: set[K]
) -> set[K]:
    """The unknown entries that the sums of ``lines`` and the ``known`` values pin down exactly.

    Each line says last − Σ others = 0. With the known values moved to the right-hand side, this
    is a linear system over the unknown entries; an entry is determined when its unit vector lies
    in the row space, i.e. when the reduced row echelon form holds a row with that entry alone."""
    rows: list[dict[K, Fraction]] = []
    for line in lines:
        coefficients: dict[K, Fraction] = {}
        *parts, total = line
        for key, sign in [(total, 1), *((part, -1) for part in parts)]:
            if key in unknown:
                coefficients[key] = coefficients.get(key, Fraction(0)) + sign
        coefficients = {k: v for k, v in coefficients.items() if v}
        if coefficients:
            rows.append(coefficients)
    columns = sorted(unknown, key=repr)
    pivots: list[tuple[K, dict[K, Fraction]]] = []
    for column in columns:
        chosen = next((row for row in rows if row.get(column)), None)
        if chosen is None:
            continue
        rows.remove(chosen)
        factor = chosen[column]
        chosen = {k: v / factor for k, v in chosen.items()}
        for group in (rows, [row for _c, row in pivots]):
            for row in group:
                if row.get(column):
                    ratio = row[column]
                    for k, v in chosen.items():
                        row[k] = row.get(k, Fraction(0)) - ratio * v
                        if not row[k]:
                            del row[k]
        pivots.append((column, chosen))
    return {column for column, row in pivots if len(row) == 1}


def protect(
    values: dict[Key, int],
    lines: list[Line],
    *,
    limit: int,
    exempt: frozenset[Key],
    totals: frozenset[Key],
) -> dict[Key, Masking]:
    """Primary and secondary masking, then the audit: mask more until no masked entry can be
    computed from what is shown (and from what the viewer already knows)."""
    masked = suppress(values, lines, limit=limit, exempt=exempt, totals=totals)
    while masked:
        shown = {k: v for k, v in values.items() if k not in masked}
        touching = [line for line in lines if any(key in masked for key in line)]
        found = determined(touching, shown, set(masked))
        if not found:
            break
        key = min(found, key=repr)
        candidates = [
            other
            for line in touching
            if key in line
            for other in line
            if other not in masked and other not in exempt
        ]
        if not candidates:
            break  # the viewer knows every other entry of each of its lines: nothing to hide
        chosen = min(candidates, key=lambda k: (k in totals, values[k] == 0, values[k], repr(k)))
        masked[chosen] = Masking.SECONDARY
        masked = suppress(values, lines, limit=limit, exempt=exempt, totals=totals, already=masked)
    return masked


@dataclass
class Family:
    """The masked figures of one indicator code and year, for one viewer."""

    code: str
    year: int
    unit: str
    indicators: list[Indicator]
    columns: list[str]
    cells: dict[Key, list[Cell]] = field(default_factory=dict)
    aggregates: dict[Key, Aggregate] = field(default_factory=dict)
    masked: dict[Key, Masking] = field(default_factory=dict)
    regions: dict[tuple[str, str], list[Indicator]] = field(default_factory=dict)
    # The entries with a figure, for a family read back from the cache, which keeps the
    # aggregates and the masks but not the cells they were summed from (most of its weight).
    present: frozenset[Key] | None = None

    def has(self, key: Key) -> bool:
        if self.present is not None:
            return key in self.present
        return bool(self.cells.get(key))

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["present"] = frozenset(k for k, cells in self.cells.items() if cells)
        state["cells"] = {}
        return state

    def shown(self, key: Key) -> Shown:
        masking = self.masked.get(key)
        agg = self.aggregates.get(key)
        return Shown(int(agg.value) if agg else 0, masking, threshold())

    def text(self, key: Key) -> str:
        """What an output shows: the mark of a masked entry, the figure, or "—" without data."""
        if key in self.masked:
            return self.shown(key).text
        if not self.has(key):
            return "—"
        return format_value(self.indicators[0], self.aggregates[key].value)


def _masking_value(unit: str, agg: Aggregate) -> int:
    """The count an entry would reveal: a count, or a rate's numerator (a rate over a small
    denominator counts as small, since it describes a small group)."""
    if unit == Unit.RATE:
        if is_small(agg.denominator or 0, threshold()):
            return 1
        return agg.numerator or 0
    return int(agg.value)


def _lines(family: Family, periods: dict[int, list[str]], qpvs: dict[tuple[int, str], list[int]]):  # type: ignore[no-untyped-def]
    columns = [*family.columns, TOTAL]
    inner = family.columns
    lines: list[Line] = []

    def row_and_columns(rows: list[Key], cell: object, total: object) -> None:
        """A table: each row with its total, each column with its total."""
        for row in rows:
            lines.append([cell(row, c) for c in inner] + [cell(row, TOTAL)])  # type: ignore[operator]
        for column in columns:
            lines.append([cell(row, column) for row in rows] + [total(column)])  # type: ignore[operator]
        lines.append([total(c) for c in inner] + [total(TOTAL)])  # type: ignore[operator]

    regions: list[str] = []
    for (region, _name), members in family.regions.items():
        regions.append(region)
        for indicator in members:
            c = indicator.cite_id
            for period in periods[c]:
                row_and_columns(
                    [(q,) for q in qpvs[(c, period)]],
                    lambda row, col, c=c, period=period: qpv_key(c, period, row[0], col),
                    lambda col, c=c, period=period: period_key(c, period, col),
                )
            for column in columns:
                lines.append([period_key(c, p, column) for p in periods[c]] + [cite_key(c, column)])
        row_and_columns(
            [(i.cite_id,) for i in members],
            lambda row, col: cite_key(row[0], col),
            lambda col, region=region: region_key(region, col),
        )
    row_and_columns(
        [(r,) for r in regions],
        lambda row, col: region_key(row[0], col),
        nation_key,
    )
    return lines


def build_families(
    pairs: Iterable[tuple[str, int]],
    *,
    known: frozenset[int] = frozenset(),
    only: Indicator | None = None,
    cites: frozenset[int] | None = None,
) -> dict[tuple[str, int], Family]:
    """The families of the (code, year) pairs, masked for a viewer who knows the Cités ``known``.

    A family holds the published indicators of that code, and the viewer's own unpublished ones
    (which it reads anyway); ``only`` builds the family of one unpublished indicator alone, for a
    reader allowed to see it without being a member; ``cites`` keeps only these Cités' indicators.
    Two queries, whatever the number of pairs — none for the families kept since the last write
    to the children's figures (their masking, audited as a linear system, costs most at national
    size; `versions.TOPICS`)."""
    wanted = set(pairs)
    if not wanted:
        return {}
    version = versions.topic_version(versions.CHILDREN)
    if version is None:  # this transaction has written: nothing kept is its truth
        return _build_families(wanted, known, only, cites)
    keys = {pair: _family_key(pair, known, only, cites, version) for pair in wanted}
    kept = {key: _IN_PROCESS[key] for key in keys.values() if key in _IN_PROCESS}
    shared = caches[versions.ALIAS]
    kept.update(shared.get_many([key for key in keys.values() if key not in kept]))
    families = {pair: found for pair, key in keys.items() if (found := kept.get(key)) is not None}
    missing = {pair for pair, key in keys.items() if key not in kept}
    if missing:
        built = _build_families(missing, known, only, cites)
        new = {keys[pair]: built.get(pair) for pair in missing}
        shared.set_many(new, timeout=FAMILY_TTL)
        families.update(built)
        kept.update(new)
    _remember(kept)
    return families


# The families this process read last, as they are (read-only): the shared cache gives them back
# to every worker, at the price of unpickling them (≈ 60 ms for a national family); these cost
# nothing. Keyed as in the shared cache, by version: a write makes new keys, old ones age out.
_IN_PROCESS: OrderedDict[str, "Family | None"] = OrderedDict()
IN_PROCESS_LIMIT = 64


def _remember(families: Mapping[str, "Family | None"]) -> None:
    for key, family in families.items():
        _IN_PROCESS[key] = family
        _IN_PROCESS.move_to_end(key)
    while len(_IN_PROCESS) > IN_PROCESS_LIMIT:
        _IN_PROCESS.popitem(last=False)


FAMILY_TTL = 3600  # seconds; a write to the figures makes a new version long before


def _family_key(
    pair: tuple[str, int],
    known: frozenset[int],
    only: Indicator | None,
    cites: frozenset[int] | None,
    version: str,
) -> str:
    whose = ",".join(map(str, sorted(known)))
    limits = f"{only.pk if only else ''}|{','.join(map(str, sorted(cites or ())))}|{cites is None}"
    text = f"{pair[0]}|{pair[1]}|{whose}|{limits}|{version}|{threshold()}"
    return "family:" + hashlib.sha256(text.encode()).hexdigest()


def _build_families(
    wanted: set[tuple[str, int]],
    known: frozenset[int],
    only: Indicator | None,
    cites: frozenset[int] | None,
) -> dict[tuple[str, int], Family]:
    codes = {code for code, _year in wanted}
    years = {year for _code, year in wanted}
    indicators_qs = Indicator.objects.filter(code__in=codes)
    if cites is not None:
        indicators_qs = indicators_qs.filter(cite_id__in=cites)
    if only is not None:
        indicators_qs = indicators_qs.filter(pk=only.pk)
    else:
        indicators_qs = indicators_qs.filter(Q(is_public=True) | Q(cite_id__in=known))
    by_code: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in (
        indicators_qs.select_related("cite")
        .prefetch_related("cite__communes")
        .order_by("cite__name")
    ):
        by_code[indicator.code].append(indicator)
    ids = [i.pk for group in by_code.values() for i in group]
    rows: dict[tuple[str, int], list[tuple[int, str, int | None, str, Cell]]] = defaultdict(list)
    code_of = {i.pk: i.code for group in by_code.values() for i in group}
    for indicator_id, year, period, qpv_id, sex, value, numerator, denominator in (
        Measurement.objects.filter(indicator_id__in=ids, year__in=years)
        .order_by("period")
        .values_list(
            "indicator_id", "year", "period", "qpv_id", "sex", "value", "numerator", "denominator"
        )
    ):
        rows[(code_of[indicator_id], year)].append(
            (indicator_id, period, qpv_id, sex, Cell(value, numerator, denominator))
        )
    return {
        (code, year): _build(code, year, by_code[code], rows[(code, year)], known)
        for code, year in wanted
        if by_code.get(code)
    }


def _build(
    code: str,
    year: int,
    indicators: list[Indicator],
    rows: list[tuple[int, str, int | None, str, Cell]],
    known: frozenset[int],
) -> Family:
    cite_of = {i.pk: i.cite_id for i in indicators}
    present = {sex for _i, _p, _q, sex, _c in rows}
    columns = [c for c in COLUMN_ORDER if c in present] or [""]
    family = Family(code, year, indicators[0].unit, indicators, columns)
    cells: dict[Key, list[Cell]] = defaultdict(list)
    periods: dict[int, list[str]] = defaultdict(list)
    qpvs: dict[tuple[int, str], list[int]] = defaultdict(list)
    for indicator_id, period, qpv_id, sex, cell in rows:
        c = cite_of[indicator_id]
        if period not in periods[c]:
            periods[c].append(period)
        if (qpv_id or NO_QPV) not in qpvs[(c, period)]:
            qpvs[(c, period)].append(qpv_id or NO_QPV)
        for column in (sex, TOTAL):
            cells[qpv_key(c, period, qpv_id, column)].append(cell)
            cells[period_key(c, period, column)].append(cell)
            cells[cite_key(c, column)].append(cell)
    regions: dict[tuple[str, str], list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        regions[region_of_cite(indicator.cite)].append(indicator)
    family.regions = dict(sorted(regions.items(), key=lambda r: r[0][1]))
    for (region, _name), members in family.regions.items():
        for column in [*columns, TOTAL]:
            gathered = [m for i in members for m in cells.get(cite_key(i.cite_id, column), [])]
            cells[region_key(region, column)] = gathered
            cells[nation_key(column)] = cells.get(nation_key(column), []) + gathered
    family.cells = dict(cells)
    lines = _lines(family, periods, qpvs)
    keys = {key for line in lines for key in line}
    family.aggregates = {
        key: aggregate(family.unit, family.cells.get(key, [])) or Aggregate(Decimal(0))
        for key in keys
    }
    if family.unit in MASKED_UNITS:
        values = {k: _masking_value(family.unit, agg) for k, agg in family.aggregates.items()}
        exempt = frozenset(k for k in keys if k[0] in ("qpv", "period", "cite") and k[1] in known)
        totals = frozenset(k for k in keys if k[-1] == TOTAL or k[0] in ("region", "nation"))
        family.masked = protect(values, lines, limit=threshold(), exempt=exempt, totals=totals)
    return family


# ---- what the outputs read ----------------------------------------------------------------------


def viewer_known(user: object, *cites: int) -> frozenset[int]:
    """The Cités whose figures a viewer reads exactly: its own (and ``cites`` it sees exactly)."""
    from citeduc.indicators.access import own_cite_ids

    return own_cite_ids(user) | frozenset(cites)  # type: ignore[arg-type]


def in_shared_family(indicator: Indicator, known: frozenset[int]) -> bool:
    """Published indicators, and the viewer's own, are masked together; an unpublished one read
    by an outsider is masked alone."""
    return indicator.is_public or indicator.cite_id in known


def families_of(
    indicator: Indicator, years: Iterable[int], *, known: frozenset[int]
) -> dict[tuple[str, int], Family]:
    """The families of one indicator's years, for this viewer."""
    pairs = [(indicator.code, year) for year in years]
    if in_shared_family(indicator, known):
        return build_families(pairs, known=known)
    return build_families(pairs, known=known, only=indicator)


def _own(indicator: Indicator, key: Key, known: frozenset[int]) -> bool:
    """A figure of one of the viewer's own Cités, about that Cité: never masked, and the same in
    every family, since it sums that Cité's cells only."""
    return indicator.cite_id in known and key[0] in OWN_LEVELS and key[1] == indicator.cite_id


OWN_LEVELS = {"qpv", "period", "cite"}


def figure_texts(
    wanted: Sequence[tuple[Indicator, int, Key]], *, known: frozenset[int]
) -> list[str]:
    """The text of each (indicator, year, key) as this viewer may read it: every figure of every
    output goes through here. Published indicators (and the viewer's own) are masked as one
    family per code and year; an unpublished one read by an outsider, alone. The viewer's own
    figures are read from the families of its own Cités alone: a Cité's dashboard does not build
    the national families to show figures nothing masks."""
    own = {(i.code, year) for i, year, key in wanted if _own(i, key, known)}
    own_families = build_families(own, known=known, cites=known)
    shared = {
        (i.code, year)
        for i, year, key in wanted
        if in_shared_family(i, known) and not _own(i, key, known)
    }
    families = build_families(shared, known=known)
    alone: dict[int, dict[tuple[str, int], Family]] = {}
    texts = []
    for indicator, year, key in wanted:
        if _own(indicator, key, known):
            family = own_families.get((indicator.code, year))
        elif in_shared_family(indicator, known):
            family = families.get((indicator.code, year))
        else:
            if indicator.pk not in alone:
                years = {y for i, y, _k in wanted if i.pk == indicator.pk}
                alone[indicator.pk] = families_of(indicator, years, known=known)
            family = alone[indicator.pk].get((indicator.code, year))
        texts.append(family.text(key) if family else "—")
    return texts


def family_grid(family: Family, cite_id: int, period: str, labels: dict[int, str]) -> MaskedGrid:
    """A Cité's QPV × sex table for one period, as the family masks it (rows and columns without
    any figure left out)."""
    qpvs = [q for q in [*labels, NO_QPV] if family.has(qpv_key(cite_id, period, q, TOTAL))]
    columns = [c for c in family.columns if family.has(period_key(cite_id, period, c))]
    names = {Sex.GIRLS.value: Sex.GIRLS.label, Sex.BOYS.value: Sex.BOYS.label, "": "Non ventilé"}
    cells = [[family.shown(qpv_key(cite_id, period, q, c)) for c in columns] for q in qpvs]
    return MaskedGrid(
        rows=[labels.get(q, "Ensemble ou hors QPV") for q in qpvs],
        columns=[str(names[c]) for c in columns],
        cells=cells,
        row_totals=[family.shown(qpv_key(cite_id, period, q, TOTAL)) for q in qpvs],
        column_totals=[family.shown(period_key(cite_id, period, c)) for c in columns],
        total=family.shown(period_key(cite_id, period)),
        masked_count=sum(1 for k in family.masked if k[1] == cite_id),
    )
