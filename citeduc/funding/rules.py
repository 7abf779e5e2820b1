"""The convention's money rules (RULES.md §II) as functions of data: a Cité's year of money
(``YearMoney``, the figures already read) in, findings out (rule id, severity, French message,
figures). Nothing here reads the database: ``funding/loaders.py`` reads a year and calls these,
so that the rules are tested without a database and reused wherever the figures come from.

Blocking rules are also enforced by the operations that could break them (funding/decide.py);
here they are reported.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from functools import cache
from typing import Protocol

from citeduc.common.findings import Finding, Severity
from citeduc.common.money import format_euros
from citeduc.funding.enums import Account

P147, P230 = "P147", "P230"
CO_FINANCING_FLOOR = Decimal("0.30")
FUND_SHARE = Decimal("15000")
DEFAULT_GAP_SHARE = Decimal("0.15")
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


@cache
def accounts_of(*, charge: bool) -> tuple[str, ...]:
    return tuple(a.value for a in Account if a.is_charge == charge and not a.in_kind)


# ---- the data the rules read ------------------------------------------------------------------


@dataclass(frozen=True)
class DecidedAmount:
    """One funder's decision on one request of the year."""

    decision_id: int
    request_id: int
    funder_id: int
    funder_code: str
    funder_is_state: bool
    action_id: int
    action_title: str
    engineering: bool  # the action is engineering (art. 8)
    amount: Decimal


@dataclass(frozen=True)
class Contribution:
    """A contribution to the Cité's fund (art. 11)."""

    funder_code: str
    funder_is_state: bool
    amount: Decimal


class RealisedLine(Protocol):
    """A line of a financial report: a ``ReportLine`` or anything that reads like one."""

    account: str
    realised: Decimal
    explanation: str


@dataclass(frozen=True)
class Report:
    """A request that received decisions this year, with its financial report if any."""

    title: str
    filed: bool
    lines: Sequence[RealisedLine]
    forecast: dict[str, Decimal]  # the forecast budget per account
    paid: Decimal


@dataclass(frozen=True)
class FiledRequest:
    """A filed request (R-FUND-8 and 9)."""

    title: str
    applicant: str
    is_association: bool
    republican_commitment: bool
    budget: dict[str, Decimal]  # per account; empty when imported without its budget


@dataclass
class YearMoney:
    """Everything the money rules read about a Cité's year."""

    year: int
    label_start_year: int
    today: date
    envelope_p147: Decimal
    decisions: list[DecidedAmount]
    contributions: list[Contribution]
    asked: dict[tuple[int, int], Decimal] = field(default_factory=dict)  # request, funder
    paid: dict[int, Decimal] = field(default_factory=dict)  # per decision
    previous_decisions: list[tuple[int, str, str]] = field(default_factory=list)  # last year
    engineering_min_share: Decimal | None = None
    gap_share: Decimal = DEFAULT_GAP_SHARE
    reports: list[Report] = field(default_factory=list)
    filed: list[FiledRequest] = field(default_factory=list)
    delegation: dict[str, date | None] = field(default_factory=dict)


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


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def totals_of(
    envelope_p147: Decimal, decisions: list[DecidedAmount], contributions: list[Contribution]
) -> Totals:
    """R-FUND-4's definitions: global budget = decisions on the year's actions + contributions to
    the fund; state = the part from State funders; non-State = the rest."""
    global_budget = _sum(d.amount for d in decisions) + _sum(c.amount for c in contributions)
    state = _sum(d.amount for d in decisions if d.funder_is_state) + _sum(
        c.amount for c in contributions if c.funder_is_state
    )
    non_state = global_budget - state
    return Totals(
        envelope_p147=envelope_p147,
        p147_decided=_sum(d.amount for d in decisions if d.funder_code == P147),
        fund_p147=_sum(c.amount for c in contributions if c.funder_code == P147),
        global_budget=global_budget,
        state=state,
        non_state=non_state,
        non_state_share=(non_state / global_budget).quantize(Decimal("0.0001"))
        if global_budget
        else ZERO,
        engineering=_sum(d.amount for d in decisions if d.funder_code == P147 and d.engineering),
    )


def missing_non_state(global_budget: Decimal, non_state: Decimal) -> Decimal:
    """Non-State money that, added, brings the share to exactly 30 %, rounded up to the cent."""
    missing = (CO_FINANCING_FLOOR * global_budget - non_state) / (1 - CO_FINANCING_FLOOR)
    return max(missing, ZERO).quantize(CENT, rounding=ROUND_CEILING)


# ---- the rules --------------------------------------------------------------------------------


def r_fund_1(m: YearMoney, t: Totals) -> list[Finding]:
    used = t.p147_decided + t.fund_p147
    if used <= t.envelope_p147:
        return []
    return [
        Finding(
            "R-FUND-1",
            Severity.BLOCKING,
            f"Les décisions P147 {m.year} ({euros(t.p147_decided)}) et la part P147 du fonds "
            f"({euros(t.fund_p147)}) dépassent l'enveloppe P147 ({euros(t.envelope_p147)}) "
            f"de {euros(used - t.envelope_p147)}.",
            {"envelope_p147": t.envelope_p147, "used": used, "over": used - t.envelope_p147},
        )
    ]


def r_fund_2(m: YearMoney, t: Totals) -> list[Finding]:
    findings = []
    for code in (P230, P147):
        amount = _sum(c.amount for c in m.contributions if c.funder_code == code)
        if amount != FUND_SHARE:
            findings.append(
                Finding(
                    "R-FUND-2",
                    Severity.WARNING,
                    f"Fonds de la cité {m.year} : l'apport {code} est de {euros(amount)}, "
                    f"la convention prévoit {euros(FUND_SHARE)} (art. 11).",
                    {"funder": code, "amount": amount, "expected": FUND_SHARE},
                )
            )
    return findings


def r_fund_3(m: YearMoney, t: Totals) -> list[Finding]:
    minimum = m.engineering_min_share
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


def r_fund_4(m: YearMoney, t: Totals) -> list[Finding]:
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


def r_fund_5(m: YearMoney, t: Totals) -> list[Finding]:
    """An action funded last year by another funder, now funded by P147 alone."""
    funders_now: dict[int, set[str]] = {}
    for d in m.decisions:
        funders_now.setdefault(d.action_id, set()).add(d.funder_code)
    p147_alone = {action for action, codes in funders_now.items() if codes == {P147}}
    before = dict.fromkeys(
        (title, code)
        for action, title, code in m.previous_decisions
        if action in p147_alone and code != P147
    )
    return [
        Finding(
            "R-FUND-5",
            Severity.WARNING,
            f"« {title} » était financée en {m.year - 1} par {code} et ne l'est plus en "
            f"{m.year} que par le P147 : vérifier que les crédits de la Cité ne se substituent "
            "pas (art. 12).",
            {"action": title, "previous_funder": code},
        )
        for title, code in before
    ]


def r_fund_6(m: YearMoney, t: Totals) -> list[Finding]:
    """A decision within what was asked of its funder; payments within the decision."""
    findings = []
    for d in m.decisions:
        wanted = m.asked.get((d.request_id, d.funder_id), ZERO)
        if d.amount > wanted:
            findings.append(
                Finding(
                    "R-FUND-6",
                    Severity.BLOCKING,
                    f"« {d.action_title} » : {d.funder_code} accorde "
                    f"{euros(d.amount)} pour {euros(wanted)} demandés.",
                    {"decided": d.amount, "asked": wanted},
                )
            )
        paid = m.paid.get(d.decision_id, ZERO)
        if paid > d.amount:
            findings.append(
                Finding(
                    "R-FUND-6",
                    Severity.BLOCKING,
                    f"« {d.action_title} » : {euros(paid)} versés pour "
                    f"{euros(d.amount)} accordés par {d.funder_code}.",
                    {"paid": paid, "decided": d.amount},
                )
            )
    return findings


def r_fund_7(m: YearMoney, t: Totals) -> list[Finding]:
    """The financial report: due by 30 June of the next year, balanced, gaps explained, and
    what was paid beyond the charges to be paid back."""
    due = date(m.year + 1, 6, 30)
    findings = []
    for report in m.reports:
        if not report.filed:
            if m.today > due:
                findings.append(
                    Finding(
                        "R-FUND-7",
                        Severity.WARNING,
                        f"« {report.title} » : compte-rendu financier {m.year} attendu au plus "
                        f"tard le {due:%d/%m/%Y}, non déposé.",
                        {"due": due.isoformat()},
                    )
                )
            continue
        findings += _report_findings(report, m.gap_share)
    return findings


def _report_findings(report: Report, share: Decimal) -> list[Finding]:
    charge_accounts, product_accounts = accounts_of(charge=True), accounts_of(charge=False)
    charges = _sum(ln.realised for ln in report.lines if ln.account in charge_accounts)
    products = _sum(ln.realised for ln in report.lines if ln.account in product_accounts)
    findings = []
    if charges != products:
        findings.append(
            Finding(
                "R-FUND-7",
                Severity.WARNING,
                f"« {report.title} » : charges réalisées ({euros(charges)}) et produits réalisés "
                f"({euros(products)}) ne s'équilibrent pas.",
                {"charges": charges, "products": products},
            )
        )
    findings += unexplained_gaps(report.title, report.forecast, report.lines, share)
    if report.paid > charges:
        findings.append(
            Finding(
                "R-FUND-7",
                Severity.WARNING,
                f"« {report.title} » : {euros(report.paid)} versés pour {euros(charges)} "
                f"dépensés, {euros(report.paid - charges)} à reverser (art. 14 et 19).",
                {"paid": report.paid, "realised": charges, "to_recover": report.paid - charges},
            )
        )
    return findings


def unexplained_gaps(
    title: str, forecast: dict[str, Decimal], lines: Iterable[RealisedLine], share: Decimal
) -> list[Finding]:
    """Each account whose realised amount departs from the forecast by more than the Cité's
    tolerated share must carry an explanation."""
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


def budget_errors(amounts: dict[str, Decimal]) -> list[str]:
    """R-FUND-8 on a budget summed per account: charges equal products; in-kind 86 and 87
    balance each other, outside the total."""
    charges = _sum(v for k, v in amounts.items() if k in accounts_of(charge=True))
    products = _sum(v for k, v in amounts.items() if k in accounts_of(charge=False))
    errors = []
    if charges != products:
        errors.append(f"total des charges {euros(charges)} ≠ total des produits {euros(products)}")
    if amounts.get("86", ZERO) != amounts.get("87", ZERO):
        errors.append(
            f"contributions en nature : emplois (86) {euros(amounts.get('86', ZERO))} ≠ "
            f"ressources (87) {euros(amounts.get('87', ZERO))}"
        )
    return errors


def r_fund_8(m: YearMoney, t: Totals) -> list[Finding]:
    return [
        Finding("R-FUND-8", Severity.BLOCKING, f"« {r.title} » : budget déséquilibré, {error}.", {})
        for r in m.filed
        if r.budget  # a programmation imported without its budget: nothing to balance yet
        for error in budget_errors(r.budget)
    ]


def r_fund_9(m: YearMoney, t: Totals) -> list[Finding]:
    return [
        Finding(
            "R-FUND-9",
            Severity.BLOCKING,
            f"« {r.title} » : {r.applicant} n'a pas souscrit le contrat "
            "d'engagement républicain (loi n° 2021-1109, convention art. 13).",
            {},
        )
        for r in m.filed
        if r.is_association and not r.republican_commitment
    ]


DELEGATION_FIELDS = ("convention_sent_on", "protocol_sent_on", "review_sent_on")


def delegation_pieces_needed(label_start_year: int, year: int) -> list[str]:
    """Art. 9: the first year's credits came by notification; the second needs the signed
    convention, the adjusted protocol and the previous review; later years, the review."""
    if year <= label_start_year:
        return []
    if year == label_start_year + 1:
        return ["convention_sent_on", "protocol_sent_on", "review_sent_on"]
    return ["review_sent_on"]


def r_fund_10(m: YearMoney, t: Totals) -> list[Finding]:
    labels = {
        "convention_sent_on": "la convention signée",
        "protocol_sent_on": "le protocole de suivi et d'évaluation ajusté",
        "review_sent_on": f"les documents de la revue de projet {m.year - 1}",
    }
    needed = delegation_pieces_needed(m.label_start_year, m.year)
    missing = [labels[name] for name in needed if not m.delegation.get(name)]
    if not missing:
        return []
    return [
        Finding(
            "R-FUND-10",
            Severity.WARNING,
            f"Crédits P147 {m.year} : délégation subordonnée à la transmission à l'ANCT de "
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
        total_paid = _sum(by_funder.values())
        excess = total_paid - (charges.get(request_id) or ZERO)
        if excess > 0 and total_paid:
            for funder_id, amount in by_funder.items():
                share = (excess * amount / total_paid).quantize(CENT)
                recover[funder_id] = recover.get(funder_id, ZERO) + share
    return recover


RULES: list[Callable[[YearMoney, Totals], list[Finding]]] = [
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


def check_year(m: YearMoney) -> tuple[Totals, list[Finding]]:
    """Every money rule on a year's figures, in RULES.md order."""
    t = totals_of(m.envelope_p147, m.decisions, m.contributions)
    return t, [finding for rule in RULES for finding in rule(m, t)]
