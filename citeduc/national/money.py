"""Money across every Cité for the national coordination: per Cité and per region, the
envelopes, what was asked, decided (State and others) and paid in a year.

A fixed number of grouped queries whatever the number of Cités or requests: each sum is one
``GROUP BY`` over the year, never a loop over rows."""

from dataclasses import dataclass, field
from decimal import Decimal

from citeduc.funding.loaders import money_sum
from citeduc.funding.models import Decision, Envelope, Payment, RequestedAmount
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
    """Read the year's money of these Cités: four grouped sums, over their rows only."""
    ids = [row.cite.pk for row in rows]
    envelopes = _sums(Envelope.objects.filter(year=year, cite_id__in=ids), "cite_id")
    requests = {"request__year": year, "request__cite_id__in": ids}
    requested = _sums(RequestedAmount.objects.filter(**requests), "request__cite_id")
    decided: dict[tuple[int, bool], Decimal] = {
        (row["request__cite_id"], row["funder__is_state"]): row["total"]
        for row in Decision.objects.filter(**requests)
        .values("request__cite_id", "funder__is_state")
        .annotate(total=money_sum())
    }
    paid = _sums(
        Payment.objects.filter(decision__request__year=year, decision__request__cite_id__in=ids),
        "decision__request__cite_id",
    )
    for row in rows:
        pk = row.cite.pk
        row.money = Money(
            envelopes=envelopes.get(pk, ZERO),
            requested=requested.get(pk, ZERO),
            decided_state=decided.get((pk, True), ZERO),
            decided_other=decided.get((pk, False), ZERO),
            paid=paid.get(pk, ZERO),
        )


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
