"""The numbers of the Cité dashboard, in a fixed number of queries whatever the size of the
plan: actions, reach, money, indicators against target, rule findings, trends."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action, Axis
from citeduc.common import versions
from citeduc.common.enums import AgeBand
from citeduc.common.findings import Finding
from citeduc.funding.models import Decision
from citeduc.indicators import secrecy
from citeduc.indicators.enums import Sex
from citeduc.indicators.figures import Aggregate, Cell, aggregate, format_value, progress
from citeduc.indicators.kept import rules_of
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.models import CiteEducative, Qpv

REACH_CODE = "PUBLIC_TOUCHE"
LIVE = ~Q(status__in=[ActionStatus.PISTE, ActionStatus.ABANDONNEE])


@dataclass
class Filters:
    year: int
    qpv: Qpv | None = None
    axis: Axis | None = None


@dataclass
class IndicatorLine:
    indicator: Indicator
    current: Aggregate | None
    progress: int | None
    period: str = ""  # the latest period of the year, where ``current`` comes from
    shown: str = "—"  # ``current`` as the viewer may read it (see ``mask_lines``)


@dataclass
class Dashboard:
    filters: Filters
    axes: list[Axis]
    qpvs: list[Qpv]
    actions_by_axis: dict[int, dict[str, int]]  # axis number -> status -> n
    money_by_axis: dict[int, Decimal]
    actions_by_qpv: dict[str, int]
    reach_by_band: dict[str, dict[str, int]]  # band -> sex -> n
    reach_by_qpv: dict[str, dict[str, int]]  # qpv code -> sex -> n
    indicators: list[IndicatorLine]
    findings: list[Finding]
    trend: list[tuple[int, int, Decimal, int]] = field(default_factory=list)

    @property
    def reach_total(self) -> int:
        return sum(sum(cells.values()) for cells in self.reach_by_band.values())

    @property
    def actions_total(self) -> int:
        return sum(sum(cells.values()) for cells in self.actions_by_axis.values())

    @property
    def actions_of_year(self) -> int:
        """The year's actions (programmed, under way or done; not pistes nor abandoned), read
        from the trend so that the sentence and the table can never disagree."""
        return next((n for year, n, _m, _r in self.trend if year == self.filters.year), 0)


def _actions(cite: CiteEducative, f: Filters) -> QuerySet[Action]:
    queryset = Action.objects.filter(cite=cite)
    if f.qpv:
        queryset = queryset.filter(qpvs=f.qpv)
    if f.axis:
        queryset = queryset.filter(objectives__axis=f.axis)
    return queryset


def _decisions(cite: CiteEducative, f: Filters) -> QuerySet[Decision]:
    queryset = Decision.objects.filter(request__cite=cite)
    if f.qpv:
        queryset = queryset.filter(request__action__qpvs=f.qpv)
    if f.axis:
        queryset = queryset.filter(request__action__objectives__axis=f.axis)
    return queryset


def _reach(cite: CiteEducative, f: Filters) -> QuerySet[Measurement]:
    queryset = Measurement.objects.filter(indicator__cite=cite, indicator__code=REACH_CODE)
    if f.qpv:
        queryset = queryset.filter(qpv=f.qpv)
    return queryset


def actions_by_axis(cite: CiteEducative, f: Filters) -> dict[int, dict[str, int]]:
    rows = (
        _actions(cite, f)
        .filter(year=f.year)
        .values("objectives__axis__number", "status")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["objectives__axis__number"] is not None:
            result[row["objectives__axis__number"]][row["status"]] += row["n"]
    return {number: dict(statuses) for number, statuses in result.items()}


def money_by_axis(cite: CiteEducative, f: Filters) -> dict[int, Decimal]:
    rows = (
        _decisions(cite, f)
        .filter(request__year=f.year)
        .values("request__action__objectives__axis__number")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {
        row["request__action__objectives__axis__number"]: row["total"]
        for row in rows
        if row["request__action__objectives__axis__number"] is not None
    }


def actions_by_qpv(cite: CiteEducative, f: Filters) -> dict[str, int]:
    rows = (
        _actions(cite, f)
        .filter(LIVE, year=f.year)
        .values("qpvs__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row["qpvs__code"]: row["n"] for row in rows if row["qpvs__code"]}


def reach(
    cite: CiteEducative, f: Filters
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    by_band: dict[str, dict[str, int]] = {
        band.value: {Sex.GIRLS: 0, Sex.BOYS: 0} for band in AgeBand
    }
    by_qpv: dict[str, dict[str, int]] = defaultdict(lambda: {Sex.GIRLS: 0, Sex.BOYS: 0})
    rows = (
        _reach(cite, f)
        .filter(year=f.year)
        .values("age_band", "sex", "qpv__code")
        .annotate(n=Sum("value"))
        .order_by()
    )
    for row in rows:
        if row["sex"] not in (Sex.GIRLS, Sex.BOYS):
            continue
        if row["age_band"] in by_band:
            by_band[row["age_band"]][row["sex"]] += int(row["n"])
        if row["qpv__code"]:
            by_qpv[row["qpv__code"]][row["sex"]] += int(row["n"])
    return by_band, dict(by_qpv)


def indicator_lines(cite: CiteEducative, f: Filters) -> list[IndicatorLine]:
    indicators = Indicator.objects.filter(cite=cite).select_related("cite").order_by("code")
    if f.axis:
        indicators = indicators.filter(objectives__axis=f.axis).distinct()
    measurements = Measurement.objects.filter(indicator__cite=cite, year=f.year)
    if f.qpv:
        measurements = measurements.filter(qpv=f.qpv)
    # Figures alone, not model instances: a Cité's year holds thousands of measurements.
    per_indicator: dict[int, list[tuple[str, Cell]]] = defaultdict(list)
    latest: dict[int, str] = {}
    for indicator_id, period, value, numerator, denominator in measurements.order_by(
        "period"
    ).values_list("indicator_id", "period", "value", "numerator", "denominator"):
        per_indicator[indicator_id].append((period, Cell(value, numerator, denominator)))
        latest[indicator_id] = period
    lines = []
    for indicator in indicators:
        last = latest.get(indicator.pk)
        rows = [cell for period, cell in per_indicator[indicator.pk] if period == last]
        current = aggregate(indicator.unit, rows)
        period = latest.get(indicator.pk, "")
        lines.append(IndicatorLine(indicator, current, progress(indicator, current), period))
    return lines


def mask_lines(lines: list[IndicatorLine], f: Filters, *, known: frozenset[int]) -> None:
    """Fills each line's ``shown`` through the one secrecy layer; a masked value takes its
    progress with it (the progress towards a target gives the value back)."""
    wanted = [
        (
            line.indicator,
            f.year,
            secrecy.qpv_key(line.indicator.cite_id, line.period, f.qpv.pk, secrecy.TOTAL)
            if f.qpv
            else secrecy.period_key(line.indicator.cite_id, line.period),
        )
        for line in lines
        if line.current is not None
    ]
    texts = iter(secrecy.figure_texts(wanted, known=known))
    for line in lines:
        if line.current is not None:
            line.shown = next(texts)
            if line.shown != format_value(line.indicator, line.current.value):
                line.progress = None


def trend(cite: CiteEducative, f: Filters) -> list[tuple[int, int, Decimal, int]]:
    """Per label year: live actions, money decided, children reached."""
    years = cite.label_years()
    actions = dict(
        _actions(cite, f)
        .filter(LIVE)
        .values("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
        .values_list("year", "n")
    )
    money = dict(
        _decisions(cite, f)
        .values("request__year")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("request__year", "total")
    )
    reached = dict(
        _reach(cite, f).values("year").annotate(n=Sum("value")).order_by().values_list("year", "n")
    )
    return [
        (year, actions.get(year, 0), money.get(year) or Decimal(0), int(reached.get(year) or 0))
        for year in years
    ]


def kept_dashboard(cite: CiteEducative, f: Filters) -> Dashboard:
    """The dashboard as of today, built once per version of the Cité's data and filters (about
    twenty grouped queries) and read back by every viewer until a write to the Cité; the masking
    of small counts, which depends on the viewer, is applied after (``mask_lines``)."""
    today = timezone.localdate()
    name = f"dashboard:{cite.pk}:{f.year}:{f.qpv.pk if f.qpv else ''}:{f.axis.pk if f.axis else ''}"
    return versions.kept(
        f"{name}:{today.isoformat()}",
        versions.cite_version(cite.pk),
        lambda: build_dashboard(cite, f, today),
    )


def build_dashboard(cite: CiteEducative, f: Filters, today: date | None = None) -> Dashboard:
    by_band, by_qpv = reach(cite, f)
    return Dashboard(
        filters=f,
        axes=list(Axis.objects.filter(cite=cite).order_by("number")),
        qpvs=list(cite.qpvs.defer("contour").order_by("name")),
        actions_by_axis=actions_by_axis(cite, f),
        money_by_axis=money_by_axis(cite, f),
        actions_by_qpv=actions_by_qpv(cite, f),
        reach_by_band=by_band,
        reach_by_qpv=by_qpv,
        indicators=indicator_lines(cite, f),
        findings=rules_of(cite, f.year, today).every_finding,
        trend=trend(cite, f),
    )
