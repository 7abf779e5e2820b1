import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.common.findings import Finding
from citeduc.demo.loading import DemoResult
from citeduc.directory.tests.factories import OrganisationFactory
from citeduc.funding.decide import RuleViolation, record_decision, record_payment
from citeduc.funding.enums import Account, FundEntryKind
from citeduc.funding.funders import seed_funders
from citeduc.funding.loaders import check, totals
from citeduc.funding.models import (
    CreditDelegation,
    Envelope,
    FinancialReport,
    FundEntry,
    Funder,
    FundingPolicy,
    FundLedger,
    GrantRequest,
    ReportLine,
    RequestedAmount,
)
from citeduc.funding.rules import missing_non_state
from citeduc.territory.models import CiteEducative
from citeduc.territory.tests.factories import CiteFactory

D = Decimal


class Money:
    """A Cité with its funders, a 100 000 € P147 envelope and helpers to decide money."""

    def __init__(self) -> None:
        self.cite = CiteFactory.create()
        self.funders = seed_funders(self.cite)
        Envelope.objects.create(
            cite=self.cite, funder=self.funders["P147"], year=2025, amount=D("100000")
        )
        self.ledger = FundLedger.objects.create(cite=self.cite, authorising_officer="Principal")
        self.organisation = OrganisationFactory.create(cite=self.cite)

    def request(self, year: int = 2025, engineering: bool = False, **asked: int) -> GrantRequest:
        action = ActionFactory.create(
            cite=self.cite,
            year=year,
            start_date=date(year, 1, 1),
            end_date=date(year, 12, 31),
            is_engineering=engineering,
        )
        request = GrantRequest.objects.create(
            cite=self.cite, action=action, applicant=self.organisation, year=year
        )
        for code, amount in asked.items():
            RequestedAmount.objects.create(
                request=request, funder=self.funders[code], amount=D(amount)
            )
        return request

    def decide(self, request: GrantRequest, **amounts: int) -> None:
        for code, amount in amounts.items():
            record_decision(request, self.funders[code], D(amount), date(request.year, 3, 1))

    def fund(self, code: str, amount: int, year: int = 2025) -> None:
        FundEntry.objects.create(
            ledger=self.ledger,
            year=year,
            kind=FundEntryKind.CONTRIBUTION,
            funder=self.funders[code],
            amount=D(amount),
            date=date(year, 1, 2),
            object="Abondement",
        )

    def rules(self, rule: str, year: int = 2025) -> list[Finding]:
        return [f for f in check(self.cite, year)[1] if f.rule == rule]


@pytest.fixture
def money(db: None) -> Money:
    return Money()


def test_demo_gives_the_seed_figures(capsys: pytest.CaptureFixture[str], demo: DemoResult) -> None:
    cite = CiteEducative.objects.get(slug="besancon")
    envelopes = Envelope.objects.filter(cite=cite, funder__code="P147")
    assert {e.year: e.amount for e in envelopes} == {
        2024: D("550000"),
        2025: D("550000"),
        2026: D("550000"),
    }
    assert sum(e.amount for e in envelopes) == D("1650000")
    for year in (2024, 2025, 2026):
        t = totals(cite, year)
        assert t.envelope_p147 == D("550000") and t.fund_p147 == D("15000")
        assert not [f for f in check(cite, year)[1] if f.rule in {"R-FUND-1", "R-FUND-2"}]
    call_command("check_rules", "--cite", "besancon", "--year", "2025", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["totals"]["envelope_p147"] == 550000.0
    assert payload["totals"]["fund_p147"] == 15000.0
    assert payload["totals"]["p147_decided"] + payload["totals"]["fund_p147"] <= 550000.0
    assert {"rule", "severity", "message", "figures"} <= set(payload["findings"][0])
    t = totals(cite, 2026)
    assert (t.global_budget, t.state, t.non_state) == (D("30000"), D("30000"), D("0"))


def test_r_fund_1_envelope_exactly_used_passes_one_euro_more_is_refused(money: Money) -> None:
    money.fund("P147", 15000)
    request = money.request(P147=90000)
    money.decide(request, P147=85000)  # 85 000 + 15 000 = the envelope, exactly
    assert money.rules("R-FUND-1") == []
    with pytest.raises(RuleViolation, match=r"au-delà de l'enveloppe de 100 000,00 €.*R-FUND-1"):
        money.decide(request, P147=85001)
    other = money.request(P147=10)
    with pytest.raises(RuleViolation, match="R-FUND-1"):
        money.decide(other, P147=1)
    # a fund share added afterwards is reported as a blocking finding with its figures
    money.fund("P147", 1)
    [finding] = money.rules("R-FUND-1")
    assert finding.severity == "blocking" and finding.figures["over"] == D("1")


def test_r_fund_2_the_fund_shares(money: Money) -> None:
    money.fund("P230", 15000)
    money.fund("P147", 15000)
    assert money.rules("R-FUND-2") == []
    money.fund("P230", 1)
    [finding] = money.rules("R-FUND-2")
    assert finding.figures == {"funder": "P230", "amount": D("15001"), "expected": D("15000")}


def test_r_fund_3_engineering_share(money: Money) -> None:
    assert "n'est pas fixée" in money.rules("R-FUND-3")[0].message
    FundingPolicy.objects.create(cite=money.cite, engineering_min_share=D("0.100"))
    request = money.request(engineering=True, P147=20000)
    money.decide(request, P147=10000)  # 10 % of 100 000: at the minimum
    assert money.rules("R-FUND-3") == []
    money.decide(request, P147=9999)
    [finding] = money.rules("R-FUND-3")
    assert "9,99 %" in finding.message and "10,00 %" in finding.message


def test_r_fund_4_thirty_percent_passes_one_euro_under_warns_with_the_missing(money: Money) -> None:
    request = money.request(P147=70000, VILLE=30000)
    money.decide(request, P147=70000, VILLE=30000)
    t = totals(money.cite, 2025)
    assert (t.global_budget, t.non_state, t.non_state_share) == (
        D("100000"),
        D("30000"),
        D("0.3000"),
    )
    assert money.rules("R-FUND-4") == []
    money.decide(request, VILLE=29999)
    [finding] = money.rules("R-FUND-4")
    # (0.30 × 99 999 − 29 999) / 0.70 = 1: the euro that was taken away
    assert finding.figures["missing"] == D("1.00")
    assert "il manque 1,00 €" in finding.message
    # rounded up to the cent, and the cent matters: 1 428,57 € is not enough, 1 428,58 € is
    missing = missing_non_state(D("100000"), D("29000"))
    assert missing == D("1428.58")
    for added, enough in ((missing, True), (missing - D("0.01"), False)):
        share = (D("29000") + added) / (D("100000") + added)
        assert (share >= D("0.30")) is enough


def test_r_fund_5_non_substitution(money: Money) -> None:
    before = money.request(year=2024, VILLE=5000)
    money.decide(before, VILLE=5000)
    now = GrantRequest.objects.create(
        cite=money.cite, action=before.action, applicant=money.organisation, year=2025
    )
    RequestedAmount.objects.create(request=now, funder=money.funders["P147"], amount=D("5000"))
    money.decide(now, P147=5000)
    [finding] = money.rules("R-FUND-5")
    assert finding.figures["previous_funder"] == "VILLE"
    RequestedAmount.objects.create(request=now, funder=money.funders["VILLE"], amount=D("1000"))
    money.decide(now, VILLE=1000)  # no longer P147 alone
    assert money.rules("R-FUND-5") == []


def test_r_fund_6_decision_within_asked_payment_within_decision(money: Money) -> None:
    request = money.request(CAF=8000)
    money.decide(request, CAF=8000)
    with pytest.raises(RuleViolation, match=r"8 000,00 € lui ont été demandés.*R-FUND-6"):
        money.decide(request, CAF=8001)
    with pytest.raises(RuleViolation, match="R-FUND-6"):
        money.decide(request, GBM=1)  # nothing was asked of GBM
    decision = request.decisions.get()
    record_payment(decision, D("5000"), date(2025, 4, 1))
    record_payment(decision, D("3000"), date(2025, 9, 1))
    with pytest.raises(RuleViolation, match=r"8 000,01 € pour une décision de 8 000,00 €"):
        record_payment(decision, D("0.01"), date(2025, 10, 1))
    assert money.rules("R-FUND-6") == []


def test_r_fund_7_report_due_balanced_and_recovery(money: Money) -> None:
    request = money.request(VILLE=10000)
    money.decide(request, VILLE=10000)
    record_payment(request.decisions.get(), D("10000"), date(2025, 4, 1))
    assert money.rules("R-FUND-7") != []  # 30/06/2026 is past (today is later in the tests' world)
    report = FinancialReport.objects.create(request=request, submitted_on=date(2026, 3, 1))
    ReportLine.objects.create(report=report, account=Account.C64, realised=D("9000"))
    ReportLine.objects.create(report=report, account=Account.P74, realised=D("9000"))
    [finding] = money.rules("R-FUND-7")
    assert finding.figures == {"paid": D("10000"), "realised": D("9000"), "to_recover": D("1000")}
    ReportLine.objects.create(report=report, account=Account.C60, realised=D("1000"))
    messages = [f.message for f in money.rules("R-FUND-7")]
    assert len(messages) == 1 and "ne s'équilibrent pas" in messages[0]


def test_r_fund_7_gaps_over_the_tolerated_share_need_an_explanation(money: Money) -> None:
    request = money.request(VILLE=1000)
    money.decide(request, VILLE=1000)
    request.budget_lines.create(account=Account.C64, amount=D("1000"))
    request.budget_lines.create(account=Account.P74, amount=D("1000"))
    report = FinancialReport.objects.create(request=request, submitted_on=date(2026, 3, 1))
    staff = ReportLine.objects.create(report=report, account=Account.C64, realised=D("850"))
    ReportLine.objects.create(report=report, account=Account.P74, realised=D("850"))
    assert money.rules("R-FUND-7") == []  # 15 % off: exactly the default tolerance
    staff.realised = D("849.99")
    staff.save()
    [finding] = [f for f in money.rules("R-FUND-7") if f.figures.get("account") == "64"]
    assert "écart de plus de 15,00 % sans explication" in finding.message
    staff.explanation = "Un poste vacant deux mois."
    staff.save()
    assert [f for f in money.rules("R-FUND-7") if f.figures.get("account") == "64"] == []


def test_funders_are_editable_per_cite(money: Money) -> None:
    seed_funders(money.cite, {"VILLE": "Ville de Testville"})
    assert Funder.objects.get(cite=money.cite, code="VILLE").name == "Ville de Testville"
    assert Funder.objects.filter(cite=money.cite).count() == 13
    assert set(
        Funder.objects.filter(cite=money.cite, is_state=True).values_list("code", flat=True)
    ) == {"P147", "P230", "P214", "P304", "ETAT-AUTRE"}


def test_r_fund_8_balanced_budget_and_in_kind(money: Money) -> None:
    request = money.request(VILLE=1000)
    request.status = "submitted"
    request.save()
    lines = [(Account.C64, 1000), (Account.P74, 1000), (Account.C86, 200), (Account.P87, 200)]
    for account, amount in lines:
        request.budget_lines.create(account=account, amount=D(amount))
    assert money.rules("R-FUND-8") == []
    request.budget_lines.create(account=Account.C60, amount=D("0.01"))
    request.budget_lines.create(account=Account.C86, amount=D("50"))
    messages = [f.message for f in money.rules("R-FUND-8")]
    assert len(messages) == 2
    assert "1 000,01 € ≠ total des produits 1 000,00 €" in messages[0]
    assert "emplois (86) 250,00 € ≠ ressources (87) 200,00 €" in messages[1]


def test_r_fund_9_association_commitment(money: Money) -> None:
    request = money.request(VILLE=1000)
    assert money.rules("R-FUND-9") == []  # a draft is not yet checked
    request.status = "submitted"
    request.save()
    [finding] = money.rules("R-FUND-9")
    assert finding.severity == "blocking" and "contrat d'engagement républicain" in finding.message
    request.republican_commitment = True
    request.save()
    assert money.rules("R-FUND-9") == []


def test_r_fund_10_credit_delegation_checklist(money: Money) -> None:
    assert money.rules("R-FUND-10", year=2024) == []  # the first year came by notification
    [finding] = money.rules("R-FUND-10", year=2025)
    assert finding.figures["missing"] == [
        "la convention signée",
        "le protocole de suivi et d'évaluation ajusté",
        "les documents de la revue de projet 2024",
    ]
    CreditDelegation.objects.create(
        cite=money.cite,
        year=2025,
        convention_sent_on=date(2024, 12, 20),
        protocol_sent_on=date(2024, 12, 20),
        review_sent_on=date(2025, 1, 31),
    )
    assert money.rules("R-FUND-10", year=2025) == []
    [later] = money.rules("R-FUND-10", year=2026)
    assert later.figures["missing"] == ["les documents de la revue de projet 2025"]
