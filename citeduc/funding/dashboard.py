"""The numbers a money page shows, computed in a few queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from citeduc.funding.enums import FundEntryKind
from citeduc.funding.loaders import contributions_of, money_sum, total_of
from citeduc.funding.models import (
    Decision,
    Envelope,
    FundEntry,
    Funder,
    GrantRequest,
    Payment,
    RequestedAmount,
)
from citeduc.territory.models import CiteEducative

ZERO = Decimal("0")


@dataclass
class FunderRow:
    funder: Funder
    envelope: Decimal | None
    decided: Decimal
    paid: Decimal
    to_fund: Decimal = ZERO  # its contribution to the Cité's fund that year (art. 11)

    @property
    def remaining(self) -> Decimal | None:
        """What is left of the envelope once the decisions and the fund's share are taken: the
        same use of the envelope R-FUND-1 checks and the home's cockpit shows."""
        if self.envelope is None:
            return None
        return self.envelope - self.decided - self.to_fund


def funder_rows(cite: CiteEducative, year: int) -> list[FunderRow]:
    envelopes = dict(
        Envelope.objects.filter(cite=cite, year=year).values_list("funder_id", "amount")
    )
    decided = dict(
        Decision.objects.filter(request__cite=cite, request__year=year)
        .values("funder_id")
        .annotate(total=money_sum())
        .values_list("funder_id", "total")
    )
    paid = dict(
        Payment.objects.filter(decision__request__cite=cite, decision__request__year=year)
        .values("decision__funder_id")
        .annotate(total=money_sum())
        .values_list("decision__funder_id", "total")
    )
    to_fund = dict(
        contributions_of(cite, year)
        .values("funder_id")
        .annotate(total=money_sum())
        .values_list("funder_id", "total")
    )
    return [
        FunderRow(
            f,
            envelopes.get(f.pk),
            decided.get(f.pk, ZERO),
            paid.get(f.pk, ZERO),
            to_fund.get(f.pk, ZERO),
        )
        for f in Funder.objects.filter(cite=cite).order_by("-is_state", "code")
        if f.pk in envelopes or f.pk in decided or f.pk in to_fund
    ]


def fund_balance(cite: CiteEducative, year: int) -> tuple[Decimal, Decimal]:
    expenses = FundEntry.objects.filter(ledger__cite=cite, year=year, kind=FundEntryKind.EXPENSE)
    return total_of(contributions_of(cite, year)), total_of(expenses)


@dataclass
class ProgrammationRow:
    request: GrantRequest  # with its action's title and its porteur's name and SIRET only
    amounts: dict[int, Decimal]  # funder pk -> decided
    asked: Decimal
    total: Decimal


def programmation(
    cite: CiteEducative, year: int
) -> tuple[list[Funder], list[ProgrammationRow], dict[int, Decimal]]:
    """Actions × funders: what each funder decided for each request of the year, with totals.
    Four queries whatever the number of requests; the decisions and the amounts asked are read
    as numbers, not as rows of their own."""
    requests = list(
        GrantRequest.objects.filter(cite=cite, year=year)
        .select_related("action", "applicant")
        .only("cite_id", "is_demo", "action__title", "applicant__name", "applicant__siret")
        .order_by("action__title", "pk")
    )
    decided: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for request_id, funder_id, amount in (
        Decision.objects.filter(request__cite=cite, request__year=year)
        .order_by()
        .values_list("request_id", "funder_id", "amount")
    ):
        decided[request_id][funder_id] = amount
    asked = dict(
        RequestedAmount.objects.filter(request__cite=cite, request__year=year)
        .order_by()
        .values("request_id")
        .annotate(total=money_sum())
        .values_list("request_id", "total")
    )
    columns: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = []
    for request in requests:
        amounts = decided.get(request.pk, {})
        for funder_id, amount in amounts.items():
            columns[funder_id] += amount
        rows.append(
            ProgrammationRow(
                request, amounts, asked.get(request.pk, ZERO), sum(amounts.values(), ZERO)
            )
        )
    funders = [
        f for f in Funder.objects.filter(cite=cite).order_by("-is_state", "code") if f.pk in columns
    ]
    return funders, rows, dict(columns)
