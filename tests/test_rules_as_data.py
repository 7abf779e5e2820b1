"""The money and governance rules judge data, not the database: these tests build a year by
hand and run without a database (any query would fail: no ``django_db`` mark here)."""

import ast
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from citeduc.funding.rules import (
    P147,
    Contribution,
    DecidedAmount,
    FiledRequest,
    Report,
    YearMoney,
    check_year,
    to_recover,
    totals_of,
)
from citeduc.governance.enums import BodyKind
from citeduc.governance.rules import AgreedAmendment, GovernanceYear
from citeduc.governance.rules import check_year as check_governance

D = Decimal
ROOT = Path(__file__).resolve().parent.parent


def decided(
    pk: int,
    code: str,
    amount: str,
    *,
    action: int = 1,
    state: bool = True,
    engineering: bool = False,
) -> DecidedAmount:
    return DecidedAmount(
        pk, pk, pk, code, state, action, f"Action {action}", engineering, D(amount)
    )


@dataclass
class Line:
    account: str
    realised: Decimal
    explanation: str = ""


def year(**changes: object) -> YearMoney:
    """A sound 2025: every rule passes, so that each test breaks exactly one."""
    base = YearMoney(
        year=2025,
        label_start_year=2024,
        today=date(2026, 1, 15),
        envelope_p147=D("100000"),
        decisions=[decided(1, P147, "50000"), decided(2, "VILLE", "40000", state=False)],
        contributions=[
            Contribution("P230", True, D("15000")),
            Contribution(P147, True, D("15000")),
        ],
        asked={(1, 1): D("50000"), (2, 2): D("40000")},
        paid={1: D("50000")},
        engineering_min_share=D("0"),
        delegation={
            "convention_sent_on": date(2025, 1, 5),
            "protocol_sent_on": date(2025, 1, 5),
            "review_sent_on": date(2025, 1, 5),
        },
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def rules_of(m: YearMoney) -> list[str]:
    return [f.rule for f in check_year(m)[1]]


def test_a_sound_year_passes_every_money_rule() -> None:
    totals, findings = check_year(year())
    assert findings == []
    assert (totals.global_budget, totals.state, totals.non_state_share) == (
        D("120000"),
        D("80000"),
        D("0.3333"),
    )


def test_totals_follow_r_fund_4_definitions() -> None:
    t = totals_of(D("100000"), year().decisions, year().contributions)
    assert (t.global_budget, t.state, t.non_state) == (D("120000"), D("80000"), D("40000"))
    assert t.non_state_share == D("0.3333")
    assert (t.p147_decided, t.fund_p147, t.engineering) == (D("50000"), D("15000"), D("0"))


def test_r_fund_1_the_envelope_counts_decisions_and_the_fund_share() -> None:
    assert "R-FUND-1" not in rules_of(year(envelope_p147=D("65000")))
    assert "R-FUND-1" in rules_of(year(envelope_p147=D("64999.99")))


def test_r_fund_4_warns_under_thirty_percent_with_what_is_missing() -> None:
    findings = check_year(year(contributions=[]))[1]
    assert [f.rule for f in findings] == ["R-FUND-2", "R-FUND-2"]  # 40 000 / 90 000 ≥ 30 %
    poor = year(
        decisions=[decided(1, P147, "80000"), decided(2, "VILLE", "10000", state=False)],
        asked={(1, 1): D("80000"), (2, 2): D("10000")},
    )
    r4 = [f for f in check_year(poor)[1] if f.rule == "R-FUND-4"]
    assert len(r4) == 1 and r4[0].figures["missing"] == D("37142.86")


def test_r_fund_5_an_action_left_to_p147_alone() -> None:
    m = year(decisions=[decided(1, P147, "50000")], previous_decisions=[(1, "Action 1", "VILLE")])
    assert "R-FUND-5" in rules_of(m)
    assert "R-FUND-5" not in rules_of(year(previous_decisions=[(1, "Action 1", "VILLE")]))


def test_r_fund_6_decided_above_asked_and_paid_above_decided() -> None:
    assert rules_of(year(asked={(1, 1): D("49999"), (2, 2): D("40000")})) == ["R-FUND-6"]
    assert rules_of(year(paid={1: D("50000.01")})) == ["R-FUND-6"]


def test_r_fund_7_due_report_balance_gaps_and_recovery() -> None:
    late = Report("Action 1", filed=False, lines=[], forecast={}, paid=D("0"))
    assert rules_of(year(reports=[late])) == []  # due on 30 June 2026
    assert rules_of(year(reports=[late], today=date(2026, 7, 1))) == ["R-FUND-7"]
    lines = [Line("64", D("900")), Line("74", D("900"))]
    over = Report(
        "Action 1",
        filed=True,
        lines=lines,
        forecast={"64": D("1000"), "74": D("1000")},
        paid=D("1000"),
    )
    findings = [f for f in check_year(year(reports=[over]))[1] if f.rule == "R-FUND-7"]
    assert [f.figures.get("to_recover") for f in findings] == [D("100")]  # 10 % gap is tolerated


def test_r_fund_8_and_9_on_filed_requests() -> None:
    unbalanced = FiledRequest("Action 1", "Asso", True, True, {"64": D("10"), "74": D("9")})
    no_budget = FiledRequest("Action 2", "Asso", True, True, {})
    uncommitted = FiledRequest("Action 3", "Asso", True, False, {})
    town = FiledRequest("Action 4", "Ville", False, False, {})
    assert rules_of(year(filed=[unbalanced, no_budget, uncommitted, town])) == [
        "R-FUND-8",
        "R-FUND-9",
    ]


def test_r_fund_10_pieces_of_the_second_year() -> None:
    m = year(delegation={"convention_sent_on": date(2025, 1, 5)})
    (finding,) = [f for f in check_year(m)[1] if f.rule == "R-FUND-10"]
    assert len(finding.figures["missing"]) == 2  # type: ignore[arg-type]
    assert "R-FUND-10" not in rules_of(year(year=2024, delegation={}))  # first year: notified


def test_to_recover_shares_the_excess_pro_rata_of_payments() -> None:
    paid = {1: {10: D("600"), 20: D("400")}, 2: {10: D("100")}}
    assert to_recover(paid, {1: D("900"), 2: D("100")}) == {10: D("60.00"), 20: D("40.00")}


def governance(**changes: object) -> GovernanceYear:
    base = GovernanceYear(
        year=2025,
        today=date(2026, 1, 15),
        label_start=date(2024, 1, 1),
        label_end=date(2026, 12, 31),
        held={
            BodyKind.COPIL_RESTREINT: [
                date(2025, 2, 1),
                date(2025, 5, 1),
                date(2025, 8, 1),
                date(2025, 11, 1),
            ],
            BodyKind.COPIL_ELARGI: [date(2025, 6, 1)],
            BodyKind.REVUE_PROJET: [date(2025, 12, 1)],
        },
        has_comite_technique=True,
        qpvs=[("QN02501M", "Planoise")],
        collectif_qpvs={"QN02501M"},
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def test_a_sound_governance_year_passes() -> None:
    assert check_governance(governance()) == []


def test_the_governance_rules_each_catch_their_gap() -> None:
    held = governance().held
    no_q3 = {
        **held,
        BodyKind.COPIL_RESTREINT: [date(2025, 2, 1), date(2025, 5, 1), date(2025, 11, 1)],
    }
    assert [f.figures for f in check_governance(governance(held=no_q3))] == [
        {"year": 2025, "quarter": 3}
    ]
    assert [f.rule for f in check_governance(governance(held={}))] == [
        "R-GOV-1",
        "R-GOV-1",
        "R-GOV-1",
        "R-GOV-1",
        "R-GOV-2",
        "R-GOV-4",
    ]
    assert [f.rule for f in check_governance(governance(held={}, today=date(2025, 3, 31)))] == []
    bare = governance(has_comite_technique=False, collectif_qpvs=set())
    assert [f.rule for f in check_governance(bare)] == ["R-GOV-3", "R-GOV-3"]
    agreed = [AgreedAmendment(2, "Nouvel axe", date(2025, 4, 2))]
    assert [f.rule for f in check_governance(governance(agreed=agreed))] == ["R-GOV-5"]


def test_the_rule_modules_read_no_database() -> None:
    for module in ("citeduc/funding/rules.py", "citeduc/governance/rules.py"):
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        imported = [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ] + [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
        assert not [m for m in imported if m.startswith("django") or m.endswith(".models")], module
