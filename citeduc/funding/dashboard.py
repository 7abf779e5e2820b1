"""The numbers a money page shows, computed in a few queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from citeduc.funding.enums import FundEntryKind
from citeduc.funding.loaders import contributions_of, money_sum, total_of
from citeduc.funding.models import Decision, Envelope, FundEntry, Funder, GrantRequest, Payment
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
    request: GrantRequest
    amounts: dict[int, Decimal]  # funder pk -> decided
    asked: Decimal
    total: Decimal


def programmation(
    cite: CiteEducative, year: int
) -> tuple[list[Funder], list[ProgrammationRow], dict[int, Decimal]]:
    """Actions × funders: what each funder decided for each request of the year, with totals."""
    requests = list(
        GrantRequest.objects.filter(cite=cite, year=year)
        .select_related("action", "applicant", "cite")
        .prefetch_related("decisions", "asked")
        .order_by("action__title", "pk")
    )
    columns: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = []
    for request in requests:
        amounts = {d.funder_id: d.amount for d in request.decisions.all()}
        for funder_id, amount in amounts.items():
            columns[funder_id] += amount
        asked = sum((a.amount for a in request.asked.all()), ZERO)
        rows.append(ProgrammationRow(request, amounts, asked, sum(amounts.values(), ZERO)))
    funders = [
        f for f in Funder.objects.filter(cite=cite).order_by("-is_state", "code") if f.pk in columns
    ]
    return funders, rows, dict(columns)
