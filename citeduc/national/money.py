"""Money across every Cité for the national coordination: per Cité and per region, the
envelopes, what was asked, decided (State and others) and paid in a year.

Two grouped queries whatever the number of Cités or requests, over the kept figures of the Cités
asked for (one row per Cité, funder and year), never over the requests themselves."""

from dataclasses import dataclass, field
from decimal import Decimal

from citeduc.funding.loaders import money_sum
from citeduc.funding.models import Envelope, MoneyFigure
from citeduc.territory.models import CiteEducative
from citeduc.territory.regions import region_of_cite

ZERO = Decimal("0.00")


@dataclass
class Money:
    envelopes: Decimal = ZERO
    requested: Decimal = ZERO
    decided_state: Decimal = ZERO
    decided_other: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def decided(self) -> Decimal:
        return self.decided_state + self.decided_other

    @property
    def non_state_share(self) -> Decimal | None:
        """The share of decided money that is not the State's, in percent (R-FUND-4 reads the
        same split on the Cité's whole programme)."""
        if not self.decided:
            return None
        return (100 * self.decided_other / self.decided).quantize(Decimal("0.01"))

    def add(self, other: "Money") -> None:
        self.envelopes += other.envelopes
        self.requested += other.requested
        self.decided_state += other.decided_state
        self.decided_other += other.decided_other
        self.paid += other.paid


@dataclass
class CiteMoney:
    cite: CiteEducative
    region_code: str
    region: str
    money: Money = field(default_factory=Money)


@dataclass
class RegionMoney:
    region_code: str
    region: str
    cites: int = 0
    money: Money = field(default_factory=Money)


def _sums(queryset, key: str) -> dict[int, Decimal]:  # type: ignore[no-untyped-def]
    return {row[key]: row["total"] for row in queryset.values(key).annotate(total=money_sum())}


def cites_of(year: int, *, region: str = "") -> list[CiteMoney]:
    """Every Cité whose label covers the year (of one region if given), by region then name,
    its money not yet read (``fill``)."""
    cites = CiteEducative.objects.labelled_in(year)
    rows = []
    for cite in cites:
        code, name = region_of_cite(cite)
        if not region or code == region:
            rows.append(CiteMoney(cite, code, name))
    rows.sort(key=lambda row: (row.region, row.cite.name))
    return rows


def fill(rows: list[CiteMoney], year: int) -> None:
    """Read the year's money of these Cités: their envelopes, and their kept figures
    (`funding/kept.py`) summed per Cité and State or not — two grouped queries over a few rows
    per Cité, instead of sums over every request, decision and payment."""
    ids = [row.cite.pk for row in rows]
    envelopes = _sums(Envelope.objects.filter(year=year, cite_id__in=ids), "cite_id")
    kept: dict[int, Money] = {}
    for figure in (
        MoneyFigure.objects.filter(year=year, cite_id__in=ids)
        .values("cite_id", "funder__is_state")
        .annotate(asked=money_sum("asked"), decided=money_sum("decided"), paid=money_sum("paid"))
        .order_by()
    ):
        money = kept.setdefault(figure["cite_id"], Money())
        money.requested += figure["asked"]
        money.paid += figure["paid"]
        if figure["funder__is_state"]:
            money.decided_state += figure["decided"]
        else:
            money.decided_other += figure["decided"]
    for line in rows:
        line.money = kept.get(line.cite.pk) or Money()
        line.money.envelopes = envelopes.get(line.cite.pk, ZERO)


def by_cite(year: int, *, region: str = "") -> list[CiteMoney]:
    rows = cites_of(year, region=region)
    fill(rows, year)
    return rows


def by_region(year: int) -> list[RegionMoney]:
    regions: dict[str, RegionMoney] = {}
    for row in by_cite(year):
        region = regions.setdefault(row.region_code, RegionMoney(row.region_code, row.region))
        region.cites += 1
        region.money.add(row.money)
    return sorted(regions.values(), key=lambda region: region.region)
