"""The convention's money rules (RULES.md §II) as pure functions of a Cité and a year.

Each returns findings (rule id, severity, French message, figures). Blocking rules are also
enforced by the operations that could break them (funding/decide.py); here they are reported.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from functools import cache

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from citeduc.common.findings import Finding, Severity
from citeduc.common.money import format_euros
from citeduc.funding.enums import FILED_STATUSES, Account, FundEntryKind
from citeduc.funding.models import (
    CreditDelegation,
    Decision,
    Envelope,
    FundEntry,
    FundingPolicy,
    GrantRequest,
    Payment,
    ReportLine,
    RequestedAmount,
)
from citeduc.territory.models import CiteEducative

P147, P230 = "P147", "P230"
CO_FINANCING_FLOOR = Decimal("0.30")
FUND_SHARE = Decimal("15000")
ZERO = Decimal("0")
CENT = Decimal("0.01")


def euros(amount: Decimal) -> str:
    """French money formatting for messages: 550 000,00 €."""
    return format_euros(amount)


def percent(share: Decimal) -> str:
    """French percentage for messages: 30,92 %."""
    # Rounded down, so that a share just under a floor never reads as the floor itself.
    shown = (share * 100).quantize(CENT, rounding=ROUND_DOWN)
    return f"{shown:.2f} %".replace(".", ",")


def money_sum(field_name: str = "amount") -> Coalesce:
    """SUM of a money column, 0 when there is no row."""
    return Coalesce(Sum(field_name), Value(ZERO), output_field=DecimalField())


def total_of(queryset, field_name: str = "amount") -> Decimal:  # type: ignore[no-untyped-def]
    return Decimal(queryset.aggregate(total=money_sum(field_name))["total"])


@dataclass
class Totals:
    envelope_p147: Decimal
    p147_decided: Decimal
    fund_p147: Decimal
    global_budget: Decimal
    state: Decimal
    non_state: Decimal
    non_state_share: Decimal
    engineering: Decimal

    def as_json(self) -> dict[str, float]:
        return {name: float(value) for name, value in asdict(self).items()}


def decisions_of(cite: CiteEducative, year: int):  # type: ignore[no-untyped-def]
    return Decision.objects.filter(request__cite=cite, request__year=year)


def contributions_of(cite: CiteEducative, year: int):  # type: ignore[no-untyped-def]
    return FundEntry.objects.filter(ledger__cite=cite, year=year, kind=FundEntryKind.CONTRIBUTION)


def totals(cite: CiteEducative, year: int) -> Totals:
    """R-FUND-4's definitions: global budget = decisions on the year's actions + contributions to
    the fund; state = the part from State funders; non-State = the rest."""
    decisions = decisions_of(cite, year)
    contributions = contributions_of(cite, year)
    envelope = total_of(Envelope.objects.filter(cite=cite, year=year, funder__code=P147))
    global_budget = total_of(decisions) + total_of(contributions)
    state = total_of(decisions.filter(funder__is_state=True)) + total_of(
        contributions.filter(funder__is_state=True)
    )
    non_state = global_budget - state
    return Totals(
        envelope_p147=envelope,
        p147_decided=total_of(decisions.filter(funder__code=P147)),
        fund_p147=total_of(contributions.filter(funder__code=P147)),
        global_budget=global_budget,
        state=state,
        non_state=non_state,
        non_state_share=(non_state / global_budget).quantize(Decimal("0.0001"))
        if global_budget
        else ZERO,
        engineering=total_of(
            decisions.filter(funder__code=P147, request__action__is_engineering=True)
        ),
    )


def missing_non_state(global_budget: Decimal, non_state: Decimal) -> Decimal:
    """Non-State money that, added, brings the share to exactly 30 %, rounded up to the cent."""
    missing = (CO_FINANCING_FLOOR * global_budget - non_state) / (1 - CO_FINANCING_FLOOR)
    return max(missing, ZERO).quantize(CENT, rounding=ROUND_CEILING)


# ---- the rules --------------------------------------------------------------------------------


def r_fund_1(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    used = t.p147_decided + t.fund_p147
    if used <= t.envelope_p147:
        return []
    return [
        Finding(
            "R-FUND-1",
            Severity.BLOCKING,
            f"Les décisions P147 {year} ({euros(t.p147_decided)}) et la part P147 du fonds "
            f"({euros(t.fund_p147)}) dépassent l'enveloppe P147 ({euros(t.envelope_p147)}) "
            f"de {euros(used - t.envelope_p147)}.",
            {"envelope_p147": t.envelope_p147, "used": used, "over": used - t.envelope_p147},
        )
    ]


def r_fund_2(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    contributions = contributions_of(cite, year)
    findings = []
    for code in (P230, P147):
        amount = total_of(contributions.filter(funder__code=code))
        if amount != FUND_SHARE:
            findings.append(
                Finding(
                    "R-FUND-2",
                    Severity.WARNING,
                    f"Fonds de la cité {year} : l'apport {code} est de {euros(amount)}, "
                    f"la convention prévoit {euros(FUND_SHARE)} (art. 11).",
                    {"funder": code, "amount": amount, "expected": FUND_SHARE},
                )
            )
    return findings


def r_fund_3(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    policy = FundingPolicy.objects.filter(cite=cite).first()
    minimum = policy.engineering_min_share if policy else None
    if minimum is None:
        return [
            Finding(
                "R-FUND-3",
                Severity.WARNING,
                "La part minimale de l'enveloppe réservée à l'ingénierie n'est pas fixée (art. 8).",
                {"engineering": t.engineering},
            )
        ]
    share = (t.engineering / t.envelope_p147) if t.envelope_p147 else ZERO
    if share >= minimum:
        return []
    return [
        Finding(
            "R-FUND-3",
            Severity.WARNING,
            f"L'ingénierie ({euros(t.engineering)}) représente {percent(share)} de l'enveloppe "
            f"P147, sous la part minimale de {percent(minimum)} (art. 8).",
            {
                "engineering": t.engineering,
                "share": share.quantize(Decimal("0.0001")),
                "minimum": minimum,
            },
        )
    ]


def r_fund_4(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    if not t.global_budget or t.non_state >= CO_FINANCING_FLOOR * t.global_budget:
        return []
    missing = missing_non_state(t.global_budget, t.non_state)
    return [
        Finding(
            "R-FUND-4",
            Severity.WARNING,
            f"Les cofinancements hors État représentent {percent(t.non_state_share)} du budget "
            f"global ({euros(t.global_budget)}), sous le seuil de 30 % : il manque "
            f"{euros(missing)} de financements hors État (art. 12).",
            {"global_budget": t.global_budget, "non_state": t.non_state, "missing": missing},
        )
    ]


def r_fund_5(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    """An action funded last year by another funder, now funded by P147 alone."""
    now = decisions_of(cite, year).values_list("request__action", "funder__code")
    funders_now: dict[int, set[str]] = {}
    for action, code in now:
        funders_now.setdefault(action, set()).add(code)
    p147_alone = [action for action, codes in funders_now.items() if codes == {P147}]
    before = (
        decisions_of(cite, year - 1)
        .filter(request__action__in=p147_alone)
        .exclude(funder__code=P147)
        .values_list("request__action__title", "funder__code")
        .distinct()
    )
    return [
        Finding(
            "R-FUND-5",
            Severity.WARNING,
            f"« {title} » était financée en {year - 1} par {code} et ne l'est plus en {year} que "
            "par le P147 : vérifier que les crédits de la Cité ne se substituent pas (art. 12).",
            {"action": title, "previous_funder": code},
        )
        for title, code in before
    ]


def r_fund_6(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    asked = {
        (row["request_id"], row["funder_id"]): row["total"]
        for row in RequestedAmount.objects.filter(request__cite=cite, request__year=year)
        .values("request_id", "funder_id")
        .annotate(total=money_sum())
    }
    paid_of = {
        row["decision_id"]: row["total"]
        for row in Payment.objects.filter(
            decision__request__cite=cite, decision__request__year=year
        )
        .values("decision_id")
        .annotate(total=money_sum())
    }
    findings = []
    for decision in decisions_of(cite, year).select_related("funder", "request__action"):
        wanted = asked.get((decision.request_id, decision.funder_id), ZERO)
        if decision.amount > wanted:
            findings.append(
                Finding(
                    "R-FUND-6",
                    Severity.BLOCKING,
                    f"« {decision.request.action.title} » : {decision.funder.code} accorde "
                    f"{euros(decision.amount)} pour {euros(wanted)} demandés.",
                    {"decided": decision.amount, "asked": wanted},
                )
            )
        paid = paid_of.get(decision.pk, ZERO)
        if paid > decision.amount:
            findings.append(
                Finding(
                    "R-FUND-6",
                    Severity.BLOCKING,
                    f"« {decision.request.action.title} » : {euros(paid)} versés pour "
                    f"{euros(decision.amount)} accordés par {decision.funder.code}.",
                    {"paid": paid, "decided": decision.amount},
                )
            )
    return findings


def r_fund_7(cite: CiteEducative, year: int, t: Totals, today: date | None = None) -> list[Finding]:
    today = today or timezone.localdate()
    due = date(year + 1, 6, 30)
    findings = []
    share = gap_share(cite)
    charge_accounts, product_accounts = accounts_of(charge=True), accounts_of(charge=False)
    requests = GrantRequest.objects.filter(cite=cite, year=year, decisions__isnull=False).distinct()
    for request in requests.select_related("action", "report").prefetch_related(
        "decisions__payments", "budget_lines", "report__lines"
    ):
        title = request.action.title
        report = getattr(request, "report", None)
        if report is None or report.submitted_on is None:
            if today > due:
                findings.append(
                    Finding(
                        "R-FUND-7",
                        Severity.WARNING,
                        f"« {title} » : compte-rendu financier {year} attendu au plus tard le "
                        f"{due:%d/%m/%Y}, non déposé.",
                        {"due": due.isoformat()},
                    )
                )
            continue
        lines = list(report.lines.all())
        charges = sum((ln.realised for ln in lines if ln.account in charge_accounts), ZERO)
        products = sum((ln.realised for ln in lines if ln.account in product_accounts), ZERO)
        if charges != products:
            findings.append(
                Finding(
                    "R-FUND-7",
                    Severity.WARNING,
                    f"« {title} » : charges réalisées ({euros(charges)}) et produits réalisés "
                    f"({euros(products)}) ne s'équilibrent pas.",
                    {"charges": charges, "products": products},
                )
            )
        findings += unexplained_gaps(request, title, lines, share)
        paid = sum((p.amount for d in request.decisions.all() for p in d.payments.all()), ZERO)
        if paid > charges:
            findings.append(
                Finding(
                    "R-FUND-7",
                    Severity.WARNING,
                    f"« {title} » : {euros(paid)} versés pour {euros(charges)} dépensés, "
                    f"{euros(paid - charges)} à reverser (art. 14 et 19).",
                    {"paid": paid, "realised": charges, "to_recover": paid - charges},
                )
            )
    return findings


def gap_share(cite: CiteEducative) -> Decimal:
    policy = FundingPolicy.objects.filter(cite=cite).first()
    return policy.report_gap_share if policy else Decimal("0.15")


def forecast_by_account(request: GrantRequest) -> dict[str, Decimal]:
    """The forecast budget summed per account, what a financial report is compared with."""
    forecast: dict[str, Decimal] = {}
    for line in request.budget_lines.all():
        forecast[line.account] = forecast.get(line.account, ZERO) + line.amount
    return forecast


def unexplained_gaps(
    request: GrantRequest, title: str, lines: Iterable[ReportLine], share: Decimal
) -> list[Finding]:
    """Each account whose realised amount departs from the forecast by more than the Cité's
    tolerated share must carry an explanation."""
    forecast = forecast_by_account(request)
    if not forecast:
        return []  # no forecast budget was entered (an imported programmation): nothing to compare
    realised: dict[str, Decimal] = {}
    explained: dict[str, bool] = {}
    for line in lines:
        realised[line.account] = realised.get(line.account, ZERO) + line.realised
        explained[line.account] = explained.get(line.account, False) or bool(
            line.explanation.strip()
        )
    findings = []
    for account in sorted(set(forecast) | set(realised)):
        planned, done = forecast.get(account, ZERO), realised.get(account, ZERO)
        gap = abs(done - planned)
        if gap > share * planned and not explained.get(account, False):
            findings.append(
                Finding(
                    "R-FUND-7",
                    Severity.WARNING,
                    f"« {title} » : compte {account}, {euros(done)} réalisés pour "
                    f"{euros(planned)} prévus, écart de plus de {percent(share)} sans explication.",
                    {"account": account, "forecast": planned, "realised": done},
                )
            )
    return findings


def budget_errors(request: GrantRequest) -> list[str]:
    """R-FUND-8: charges equal products; in-kind 86 and 87 balance each other, outside the total."""
    amounts: dict[str, Decimal] = {}
    for line in request.budget_lines.all():
        amounts[line.account] = amounts.get(line.account, ZERO) + line.amount
    charges = sum((v for k, v in amounts.items() if k in accounts_of(charge=True)), ZERO)
    products = sum((v for k, v in amounts.items() if k in accounts_of(charge=False)), ZERO)
    errors = []
    if charges != products:
        errors.append(f"total des charges {euros(charges)} ≠ total des produits {euros(products)}")
    if amounts.get("86", ZERO) != amounts.get("87", ZERO):
        errors.append(
            f"contributions en nature : emplois (86) {euros(amounts.get('86', ZERO))} ≠ "
            f"ressources (87) {euros(amounts.get('87', ZERO))}"
        )
    return errors


def r_fund_8(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    requests = GrantRequest.objects.filter(cite=cite, year=year, status__in=FILED_STATUSES)
    findings = []
    for request in requests.select_related("action").prefetch_related("budget_lines"):
        if not request.budget_lines.all():
            continue  # a programmation imported without its budget: nothing to balance yet
        for error in budget_errors(request):
            findings.append(
                Finding(
                    "R-FUND-8",
                    Severity.BLOCKING,
                    f"« {request.action.title} » : budget déséquilibré, {error}.",
                    {},
                )
            )
    return findings


def r_fund_9(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    missing = GrantRequest.objects.filter(
        cite=cite,
        year=year,
        status__in=FILED_STATUSES,
        applicant__kind="association",
        republican_commitment=False,
    ).select_related("action", "applicant")
    return [
        Finding(
            "R-FUND-9",
            Severity.BLOCKING,
            f"« {r.action.title} » : {r.applicant.name} n'a pas souscrit le contrat "
            "d'engagement républicain (loi n° 2021-1109, convention art. 13).",
            {},
        )
        for r in missing
    ]


def delegation_pieces_needed(cite: CiteEducative, year: int) -> list[str]:
    """Art. 9: the first year's credits came by notification; the second needs the signed
    convention, the adjusted protocol and the previous review; later years, the review."""
    if year <= cite.label_start.year:
        return []
    if year == cite.label_start.year + 1:
        return ["convention_sent_on", "protocol_sent_on", "review_sent_on"]
    return ["review_sent_on"]


def r_fund_10(cite: CiteEducative, year: int, t: Totals) -> list[Finding]:
    labels = {
        "convention_sent_on": "la convention signée",
        "protocol_sent_on": "le protocole de suivi et d'évaluation ajusté",
        "review_sent_on": f"les documents de la revue de projet {year - 1}",
    }
    needed = [(name, labels[name]) for name in delegation_pieces_needed(cite, year)]
    if not needed:
        return []
    delegation = CreditDelegation.objects.filter(cite=cite, year=year).first()
    missing = [label for name, label in needed if not (delegation and getattr(delegation, name))]
    if not missing:
        return []
    return [
        Finding(
            "R-FUND-10",
            Severity.WARNING,
            f"Crédits P147 {year} : délégation subordonnée à la transmission à l'ANCT de "
            f"{', '.join(missing)} (art. 9), non enregistrée.",
            {"missing": missing},
        )
    ]


def to_recover(
    paid: dict[int, dict[int, Decimal]], charges: dict[int, Decimal]
) -> dict[int, Decimal]:
    """Art. 14 and 19, per funder: what a request was paid beyond its realised charges, shared
    among its funders pro rata of their payments. ``paid`` is per request, per funder;
    ``charges`` per request (a request without charges has spent nothing)."""
    recover: dict[int, Decimal] = {}
    for request_id, by_funder in paid.items():
        total_paid = sum(by_funder.values(), ZERO)
        excess = total_paid - (charges.get(request_id) or ZERO)
        if excess > 0 and total_paid:
            for funder_id, amount in by_funder.items():
                share = (excess * amount / total_paid).quantize(CENT)
                recover[funder_id] = recover.get(funder_id, ZERO) + share
    return recover


@cache
def accounts_of(*, charge: bool) -> tuple[str, ...]:
    return tuple(a.value for a in Account if a.is_charge == charge and not a.in_kind)


RULES: list[Callable[[CiteEducative, int, Totals], list[Finding]]] = [
    r_fund_1,
    r_fund_2,
    r_fund_3,
    r_fund_4,
    r_fund_5,
    r_fund_6,
    r_fund_7,
    r_fund_8,
    r_fund_9,
    r_fund_10,
]


def check(cite: CiteEducative, year: int) -> tuple[Totals, list[Finding]]:
    t = totals(cite, year)
    return t, [finding for rule in RULES for finding in rule(cite, year, t)]


DELEGATION_FIELDS = ("convention_sent_on", "protocol_sent_on", "review_sent_on")


def record_delegation_piece(cite: CiteEducative, year: int, name: str, day: date) -> None:
    """Note that one of Article 9's pieces reached the ANCT for the year's credits (R-FUND-10);
    an earlier date already recorded is kept."""
    if name not in DELEGATION_FIELDS:
        raise ValueError(f"pièce inconnue : {name}")
    delegation, _created = CreditDelegation.objects.get_or_create(cite=cite, year=year)
    recorded = getattr(delegation, name)
    if recorded is None or day < recorded:
        setattr(delegation, name, day)
        delegation.save(update_fields=[name])
