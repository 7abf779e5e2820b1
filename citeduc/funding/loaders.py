"""The thin side of the money rules: read a Cité's year from the database into the data
``funding/rules.py`` judges, in a fixed number of queries whatever the number of requests.
Also the few query helpers other apps sum money with."""

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from citeduc.common.findings import Finding
from citeduc.funding.enums import FILED_STATUSES, FundEntryKind
from citeduc.funding.models import (
    CreditDelegation,
    Decision,
    Envelope,
    FundEntry,
    FundingPolicy,
    GrantRequest,
    Payment,
    RequestedAmount,
)
from citeduc.funding.rules import (
    DEFAULT_GAP_SHARE,
    DELEGATION_FIELDS,
    P147,
    ZERO,
    Contribution,
    DecidedAmount,
    FiledRequest,
    Report,
    Totals,
    YearMoney,
    check_year,
    totals_of,
)
from citeduc.territory.models import CiteEducative


def money_sum(field_name: str = "amount") -> Coalesce:
    """SUM of a money column, 0 when there is no row."""
    return Coalesce(Sum(field_name), Value(ZERO), output_field=DecimalField())


def total_of(queryset, field_name: str = "amount") -> Decimal:  # type: ignore[no-untyped-def]
    return Decimal(queryset.aggregate(total=money_sum(field_name))["total"])


def decisions_of(cite: CiteEducative, year: int) -> QuerySet[Decision]:
    return Decision.objects.filter(request__cite=cite, request__year=year)


def contributions_of(cite: CiteEducative, year: int) -> QuerySet[FundEntry]:
    return FundEntry.objects.filter(ledger__cite=cite, year=year, kind=FundEntryKind.CONTRIBUTION)


def gap_share(cite: CiteEducative) -> Decimal:
    """The share by which a report line may depart from the forecast without explanation."""
    policy = FundingPolicy.objects.filter(cite=cite).first()
    return policy.report_gap_share if policy else DEFAULT_GAP_SHARE


def forecast_by_account(request: GrantRequest) -> dict[str, Decimal]:
    """The forecast budget summed per account, what a financial report is compared with."""
    forecast: dict[str, Decimal] = {}
    for line in request.budget_lines.all():
        forecast[line.account] = forecast.get(line.account, ZERO) + line.amount
    return forecast


# ---- a year, read -------------------------------------------------------------------------------


def _decided(cite: CiteEducative, year: int) -> list[DecidedAmount]:
    return [
        DecidedAmount(*row)
        for row in decisions_of(cite, year).values_list(
            "pk",
            "request_id",
            "funder_id",
            "funder__code",
            "funder__is_state",
            "request__action_id",
            "request__action__title",
            "request__action__is_engineering",
            "amount",
        )
    ]


def _contributions(cite: CiteEducative, year: int) -> list[Contribution]:
    return [
        Contribution(*row)
        for row in contributions_of(cite, year).values_list(
            "funder__code", "funder__is_state", "amount"
        )
    ]


def _envelope_p147(cite: CiteEducative, year: int) -> Decimal:
    return total_of(Envelope.objects.filter(cite=cite, year=year, funder__code=P147))


def totals(cite: CiteEducative, year: int) -> Totals:
    """R-FUND-4's totals of a Cité's year (three queries)."""
    return totals_of(_envelope_p147(cite, year), _decided(cite, year), _contributions(cite, year))


def _reports(cite: CiteEducative, year: int) -> list[Report]:
    """The requests that received decisions in the year, each with its report (R-FUND-7)."""
    requests = GrantRequest.objects.filter(cite=cite, year=year, decisions__isnull=False).distinct()
    reports = []
    for request in requests.select_related("action", "report").prefetch_related(
        "decisions__payments", "budget_lines", "report__lines"
    ):
        report = getattr(request, "report", None)
        filed = report is not None and report.submitted_on is not None
        reports.append(
            Report(
                title=request.action.title,
                filed=filed,
                lines=list(report.lines.all()) if filed and report else [],
                forecast=forecast_by_account(request),
                paid=sum(
                    (p.amount for d in request.decisions.all() for p in d.payments.all()), ZERO
                ),
            )
        )
    return reports


def _filed(cite: CiteEducative, year: int) -> list[FiledRequest]:
    requests = GrantRequest.objects.filter(cite=cite, year=year, status__in=FILED_STATUSES)
    return [
        FiledRequest(
            title=r.action.title,
            applicant=r.applicant.name,
            is_association=r.applicant.kind == "association",
            republican_commitment=r.republican_commitment,
            budget=forecast_by_account(r),
        )
        for r in requests.select_related("action", "applicant").prefetch_related("budget_lines")
    ]


def load_year(cite: CiteEducative, year: int, today: date | None = None) -> YearMoney:
    """Everything the money rules read about a Cité's year."""
    policy = FundingPolicy.objects.filter(cite=cite).first()
    delegation = CreditDelegation.objects.filter(cite=cite, year=year).first()
    asked = RequestedAmount.objects.filter(request__cite=cite, request__year=year)
    paid = Payment.objects.filter(decision__request__cite=cite, decision__request__year=year)
    return YearMoney(
        year=year,
        label_start_year=cite.label_start.year,
        today=today or timezone.localdate(),
        envelope_p147=_envelope_p147(cite, year),
        decisions=_decided(cite, year),
        contributions=_contributions(cite, year),
        asked={
            (row["request_id"], row["funder_id"]): row["total"]
            for row in asked.values("request_id", "funder_id").annotate(total=money_sum())
        },
        paid={
            row["decision_id"]: row["total"]
            for row in paid.values("decision_id").annotate(total=money_sum())
        },
        previous_decisions=list(
            decisions_of(cite, year - 1).values_list(
                "request__action_id", "request__action__title", "funder__code"
            )
        ),
        engineering_min_share=policy.engineering_min_share if policy else None,
        gap_share=policy.report_gap_share if policy else DEFAULT_GAP_SHARE,
        reports=_reports(cite, year),
        filed=_filed(cite, year),
        delegation={name: getattr(delegation, name, None) for name in DELEGATION_FIELDS},
    )


def check(
    cite: CiteEducative, year: int, today: date | None = None
) -> tuple[Totals, list[Finding]]:
    """The money rules on a Cité's year, read from the database."""
    return check_year(load_year(cite, year, today))
