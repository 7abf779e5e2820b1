"""The API over a Cité's indicators, with their figures per period (the national rollup of one
code is served by the national app). Counts are masked (R-EVAL-3) for everyone but the Cité's own
members."""

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from citeduc.accounts.api_auth import OPTIONAL_TOKEN, ApiTokenAuth, open_access
from citeduc.indicators import access, secrecy
from citeduc.indicators.figures import (
    format_value,
    measurements_by_indicator,
)
from citeduc.territory.models import CiteEducative

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


@router.get("/cites/{slug}/indicators", response=list[IndicatorOut], openapi_extra=OPTIONAL_TOKEN)
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
