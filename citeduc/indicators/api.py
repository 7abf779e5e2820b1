"""The API over indicators: a Cité's indicators with their figures per period, and the national
rollup of one code. Counts are masked (R-EVAL-3) for everyone but the Cité's own members."""

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from citeduc.accounts.api_auth import ApiTokenAuth, open_access
from citeduc.indicators import access, secrecy
from citeduc.indicators.figures import (
    format_value,
    measurements_by_indicator,
)
from citeduc.indicators.rollup import build_rollup
from citeduc.territory.models import CiteEducative
from citeduc.territory.regions import REGION_CODE_PATTERN, REGIONS

router = Router(tags=["Évaluation"], auth=[ApiTokenAuth(), open_access])


class PeriodValue(Schema):
    period: str
    value: str


class IndicatorOut(Schema):
    code: str
    name: str
    kind: str
    unit: str
    breakdowns: list[str]
    target: str | None
    masked: bool
    values: list[PeriodValue]


@router.get("/cites/{slug}/indicators", response=list[IndicatorOut])
def list_indicators(request: HttpRequest, slug: str) -> list[IndicatorOut]:
    cite = CiteEducative.objects.filter(slug=slug).first()
    if cite is None:
        raise Http404("Cité introuvable.")
    exact = access.sees_exact(request.user, cite)
    indicators = list(access.visible_indicators(cite, exact=exact).order_by("code"))
    measurements = measurements_by_indicator(cite)
    periods = {
        i.pk: list({m.period: m.year for m in measurements[i.pk]}.items()) for i in indicators
    }
    texts = iter(
        secrecy.figure_texts(
            [
                (i, year, secrecy.period_key(cite.pk, period))
                for i in indicators
                for period, year in periods[i.pk]
            ],
            known=secrecy.viewer_known(request.user, *([cite.pk] if exact else [])),
        )
    )
    return [
        IndicatorOut(
            code=i.code,
            name=i.name,
            kind=i.kind,
            unit=i.unit,
            breakdowns=i.breakdowns,
            target=format_value(i, i.target_value) if i.target_value is not None else None,
            masked=not exact,
            values=[PeriodValue(period=p, value=next(texts)) for p, _year in periods[i.pk]],
        )
        for i in indicators
    ]


class RollupLine(Schema):
    level: str
    region: str
    cite: str | None
    cells: list[str]
    total: str


class RollupOut(Schema):
    code: str
    name: str
    unit: str
    year: int
    columns: list[str]
    lines: list[RollupLine]


class RollupQuery(Schema):
    year: int = Field(..., ge=2000, le=2100, description="Année civile.")
    region: Annotated[str, StringConstraints(pattern=REGION_CODE_PATTERN)] | None = Field(
        None, description="Code INSEE d'une région : ses Cités, son total et le total national."
    )


@router.get("/indicators/{code}/rollup", response=RollupOut)
def indicator_rollup(request: HttpRequest, code: str, query: Query[RollupQuery]) -> RollupOut:
    rollup = build_rollup(code.upper(), query.year, exact_for=access.own_cite_ids(request.user))
    if rollup is None:
        raise Http404("Aucune Cité n'a cet indicateur.")
    return RollupOut(
        code=rollup.code,
        name=rollup.name,
        unit=rollup.unit,
        year=rollup.year,
        columns=rollup.columns,
        lines=[
            RollupLine(
                level=level,
                region=region,
                cite=line.cite.slug if line.cite else None,
                cells=line.cells,
                total=line.total,
            )
            for level, region, line in rollup.rows()
            if not query.region or level == "national" or region == REGIONS[query.region][0]
        ],
    )
