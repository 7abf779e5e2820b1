"""The national coordination's API: every Cité at once — the indicator codes they share, money
per Cité and per region, the annual reviews' statuses. Paginated (``limit``/``offset``), filtered
by year and region, for national accounts only (their token or their session).

Counts of children never leave here: the rollup of one indicator, masked, is
``/api/indicators/{code}/rollup``."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, overload

from django.db.models import Count, Max
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth
from pydantic import StringConstraints

from citeduc.accounts.api_auth import OPTIONAL_TOKEN, ApiTokenAuth, open_access
from citeduc.common.api_pagination import BoundedLimitOffset
from citeduc.indicators import access
from citeduc.indicators.enums import IndicatorKind, Unit
from citeduc.indicators.models import Indicator
from citeduc.national import money, reviews
from citeduc.national.rollup import build_rollup
from citeduc.reviews.enums import ReviewStatus
from citeduc.territory.access import is_national
from citeduc.territory.regions import REGION_CODE_PATTERN, REGIONS

router = Router(tags=["Coordination nationale"], auth=[ApiTokenAuth(), django_auth])

RegionCode = Annotated[str, StringConstraints(pattern=REGION_CODE_PATTERN)]
YEAR = Field(..., ge=2000, le=2100, description="Année civile (label, programmation, revue).")
REGION = Field(
    None,
    description="Code INSEE de la région (par ex. 27 : Bourgogne-Franche-Comté) ; absent : toutes.",
)


def _national(request: HttpRequest) -> None:
    if not is_national(request.user):
        raise Http404("Réservé à la coordination nationale.")


# ---- indicators -------------------------------------------------------------------------------


class IndicatorCodeOut(Schema):
    code: str
    name: str = Field(description="Un intitulé de ce code (chaque Cité peut le reformuler).")
    unit: Unit
    kind: IndicatorKind
    cites: int = Field(description="Nombre de Cités qui suivent ce code.")
    rollup: str = Field(description="Adresse de la consolidation (masquée) de ce code.")


class IndicatorFilters(Schema):
    year: int = YEAR
    kind: IndicatorKind | None = None
    unit: Unit | None = None
    q: str = Field("", max_length=40, description="Partie du code, par ex. PUBLIC.")


@router.get(
    "/national/indicators",
    response=list[IndicatorCodeOut],
    summary="Les codes d'indicateurs suivis par les Cités",
    description="Un code par ligne, avec le nombre de Cités qui le suivent et ont une mesure "
    "l'année demandée, et l'adresse de sa consolidation nationale.",
)
@paginate(BoundedLimitOffset)
def national_indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> list[dict]:
    _national(request)
    indicators = Indicator.objects.filter(measurements__year=filters.year)
    if filters.kind:
        indicators = indicators.filter(kind=filters.kind)
    if filters.unit:
        indicators = indicators.filter(unit=filters.unit)
    if filters.q:
        indicators = indicators.filter(code__icontains=filters.q)
    rows = (
        indicators.values("code")
        .annotate(
            name=Max("name"),
            unit=Max("unit"),
            kind=Max("kind"),
            cites=Count("cite", distinct=True),
        )
        .order_by("code")
    )
    return [
        {**row, "rollup": f"/api/indicators/{row['code']}/rollup?year={filters.year}"}
        for row in rows
    ]


# ---- money ------------------------------------------------------------------------------------


class MoneyOut(Schema):
    envelopes: Decimal = Field(description="Enveloppes annoncées par les financeurs.")
    requested: Decimal = Field(description="Montants demandés par les porteurs.")
    decided: Decimal = Field(description="Montants accordés, tous financeurs.")
    decided_state: Decimal = Field(description="Dont crédits de l'État.")
    decided_other: Decimal = Field(description="Dont autres financeurs.")
    paid: Decimal = Field(description="Montants versés.")
    non_state_share: Decimal | None = Field(
        description="Part non-État des montants accordés, en % (vide sans décision)."
    )


def _money_out(m: money.Money) -> MoneyOut:
    return MoneyOut(
        envelopes=m.envelopes,
        requested=m.requested,
        decided=m.decided,
        decided_state=m.decided_state,
        decided_other=m.decided_other,
        paid=m.paid,
        non_state_share=m.non_state_share,
    )


class CiteMoneyOut(Schema):
    cite: str
    name: str
    region_code: str
    region: str
    money: MoneyOut


class RegionFilters(Schema):
    year: int = YEAR
    region: RegionCode | None = REGION


@router.get(
    "/national/money",
    response=list[CiteMoneyOut],
    summary="Les financements de chaque Cité",
    description="Par Cité (rangées par région puis par nom) : enveloppes, demandé, accordé "
    "(État et autres), versé et part non-État de l'année.",
)
@paginate(BoundedLimitOffset)
def national_money(request: HttpRequest, filters: Query[RegionFilters]) -> "MoneyPage":
    _national(request)
    return MoneyPage(money.cites_of(filters.year, region=filters.region or ""), filters.year)


class MoneyPage(Sequence[CiteMoneyOut]):
    """Every Cité in order, whose money is read only for the page the paginator slices out:
    a page of 50 sums the rows of 50 Cités, not of 250."""

    def __init__(self, rows: list[money.CiteMoney], year: int) -> None:
        self.rows, self.year = rows, year

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> CiteMoneyOut: ...
    @overload
    def __getitem__(self, index: slice) -> list[CiteMoneyOut]: ...
    def __getitem__(self, index: int | slice) -> CiteMoneyOut | list[CiteMoneyOut]:
        chosen = self.rows[index] if isinstance(index, slice) else [self.rows[index]]
        money.fill(chosen, self.year)
        out = [
            CiteMoneyOut(
                cite=row.cite.slug,
                name=row.cite.name,
                region_code=row.region_code,
                region=row.region,
                money=_money_out(row.money),
            )
            for row in chosen
        ]
        return out if isinstance(index, slice) else out[0]


class RegionMoneyOut(Schema):
    region_code: str
    region: str
    cites: int
    money: MoneyOut


class YearFilter(Schema):
    year: int = YEAR


@router.get(
    "/national/money/regions",
    response=list[RegionMoneyOut],
    summary="Les financements par région",
    description="Les mêmes sommes que par Cité, additionnées par région.",
)
@paginate(BoundedLimitOffset)
def national_money_regions(
    request: HttpRequest, filters: Query[YearFilter]
) -> list[RegionMoneyOut]:
    _national(request)
    return [
        RegionMoneyOut(
            region_code=row.region_code,
            region=row.region,
            cites=row.cites,
            money=_money_out(row.money),
        )
        for row in money.by_region(filters.year)
    ]


# ---- reviews ----------------------------------------------------------------------------------


class ReviewStatusOut(Schema):
    cite: str
    name: str
    region: str
    year: int
    status: ReviewStatus | None = Field(description="Vide : revue non ouverte.")
    status_label: str
    frozen_on: date | None
    validations: int = Field(ge=0, le=3, description="Validations des pilotes (sur 3).")
    transmitted_on: date | None


class ReviewFilters(Schema):
    year: int = YEAR
    region: RegionCode | None = REGION
    status: ReviewStatus | None = None
    opened: bool | None = Field(None, description="false : seulement les revues non ouvertes.")


@router.get(
    "/national/reviews",
    response=list[ReviewStatusOut],
    summary="L'état des revues annuelles de projet",
    description="Chaque Cité labellisée l'année demandée : sa revue (ou son absence), la date "
    "de son dernier figement, ses validations et sa transmission.",
)
@paginate(BoundedLimitOffset)
def national_reviews(request: HttpRequest, filters: Query[ReviewFilters]) -> list[ReviewStatusOut]:
    _national(request)
    region_name = REGIONS[filters.region][0] if filters.region else ""
    rows = []
    for row in reviews.statuses(filters.year):
        review = row.review
        if region_name and row.region != region_name:
            continue
        if filters.status and (review is None or review.status != filters.status):
            continue
        if filters.opened is not None and (review is not None) != filters.opened:
            continue
        rows.append(
            ReviewStatusOut(
                cite=row.cite.slug,
                name=row.cite.name,
                region=row.region,
                year=filters.year,
                status=ReviewStatus(review.status) if review else None,
                status_label=row.status,
                frozen_on=row.frozen_on,
                validations=row.validations,
                transmitted_on=review.transmitted_on if review else None,
            )
        )
    return rows


# ---- the rollup of one indicator code: public, masked ------------------------------------------


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


@router.get(
    "/indicators/{code}/rollup",
    response=RollupOut,
    auth=[ApiTokenAuth(), open_access],
    tags=["Évaluation"],
    openapi_extra=OPTIONAL_TOKEN,
)
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
