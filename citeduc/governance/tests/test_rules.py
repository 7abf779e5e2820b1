"""R-GOV-1 … 5: the convention's calendar, bodies and amendments, in check_rules too."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from citeduc.common.findings import Finding
from citeduc.governance.enums import AmendmentStatus, BodyKind, MeetingStatus
from citeduc.governance.loaders import check
from citeduc.governance.models import Amendment, Body
from citeduc.governance.tests.conftest import meeting_of
from tests.support.world import World


def rules(world: World, year: int, today: date, rule: str) -> list[Finding]:
    return [f for f in check(world.cite, year, today) if f.rule == rule]


@pytest.fixture
def label_2024_2026(world: World) -> None:
    world.cite.label_start, world.cite.label_end = date(2024, 1, 1), date(2026, 12, 31)
    world.cite.save()


def test_r_gov_1_reports_the_missing_quarter_only(
    world: World, copil: Body, label_2024_2026: None
) -> None:
    for day in (date(2025, 2, 10), date(2025, 9, 30), date(2025, 12, 1)):
        meeting_of(copil, day)
    # Q2 2025 has none; so does Q1 2025 of the other Cité, which must not count here.
    [finding] = rules(world, 2025, date(2026, 1, 15), "R-GOV-1")
    assert finding.figures == {"year": 2025, "quarter": 2}
    assert "2e trimestre 2025" in finding.message and finding.severity == "warning"


def test_r_gov_1_does_not_judge_a_quarter_in_progress_or_to_come(
    world: World, copil: Body, label_2024_2026: None
) -> None:
    meeting_of(copil, date(2025, 1, 20))
    # On 15 May 2025, Q1 is judged (held), Q2 is in progress, Q3 and Q4 are to come.
    assert rules(world, 2025, date(2025, 5, 15), "R-GOV-1") == []
    # The day after Q2 ends, Q2 is reported.
    [finding] = rules(world, 2025, date(2025, 7, 1), "R-GOV-1")
    assert finding.figures["quarter"] == 2
    # The last day of a quarter is still inside it.
    assert rules(world, 2025, date(2025, 6, 30), "R-GOV-1") == []


def test_r_gov_1_a_cancelled_meeting_or_another_body_does_not_count(
    world: World, copil: Body, label_2024_2026: None
) -> None:
    meeting_of(copil, date(2025, 2, 1), status=MeetingStatus.CANCELLED)
    technique = Body.objects.create(
        cite=world.cite, kind=BodyKind.COMITE_TECHNIQUE, name="Comité technique"
    )
    meeting_of(technique, date(2025, 2, 2))
    quarters = [f.figures["quarter"] for f in rules(world, 2025, date(2025, 4, 2), "R-GOV-1")]
    assert quarters == [1]


def test_r_gov_1_ignores_quarters_outside_the_label(world: World, copil: Body) -> None:
    world.cite.label_start, world.cite.label_end = date(2025, 7, 1), date(2027, 12, 31)
    world.cite.save()
    quarters = [f.figures["quarter"] for f in rules(world, 2025, date(2026, 1, 5), "R-GOV-1")]
    assert quarters == [3, 4]


def test_r_gov_2_and_4_yearly_meetings(world: World, label_2024_2026: None) -> None:
    assert len(rules(world, 2025, date(2026, 1, 2), "R-GOV-2")) == 1
    assert rules(world, 2025, date(2025, 12, 31), "R-GOV-2") == []  # the year is not over
    elargi = Body.objects.create(
        cite=world.cite, kind=BodyKind.COPIL_ELARGI, name="Comité de pilotage élargi"
    )
    meeting_of(elargi, date(2025, 11, 21))
    assert rules(world, 2025, date(2026, 1, 2), "R-GOV-2") == []
    [review] = rules(world, 2025, date(2026, 1, 2), "R-GOV-4")
    assert "revue annuelle de projet" in review.message
    revue = Body.objects.create(
        cite=world.cite, kind=BodyKind.REVUE_PROJET, name="Revue annuelle de projet"
    )
    meeting_of(revue, date(2025, 12, 15))
    assert rules(world, 2025, date(2026, 1, 2), "R-GOV-4") == []


def test_r_gov_3_comite_technique_and_a_collectif_per_qpv(world: World) -> None:
    today = date(2025, 6, 1)
    messages = [f.message for f in rules(world, 2025, today, "R-GOV-3")]
    assert len(messages) == 2 and "comité technique" in messages[0]
    assert world.own.qpv.code in messages[1]
    Body.objects.create(cite=world.cite, kind=BodyKind.COMITE_TECHNIQUE, name="CT")
    # A collectif of the other Cité's QPV does not cover this one.
    Body.objects.create(
        cite=world.other_cite,
        kind=BodyKind.COLLECTIF_EDUCATIF,
        name="Collectif",
        qpv=world.other.qpv,
    )
    [finding] = rules(world, 2025, today, "R-GOV-3")
    assert finding.figures == {"qpv": world.own.qpv.code}
    collectif = Body.objects.create(
        cite=world.cite, kind=BodyKind.COLLECTIF_EDUCATIF, name="Collectif", qpv=world.own.qpv
    )
    assert rules(world, 2025, today, "R-GOV-3") == []
    collectif.is_active = False
    collectif.save()
    assert len(rules(world, 2025, today, "R-GOV-3")) == 1


def test_r_gov_5_agreed_amendment_not_transmitted(world: World) -> None:
    amendment = Amendment.objects.create(
        cite=world.cite,
        number=1,
        title="Prolongation",
        description="…",
        reason="…",
        status=AmendmentStatus.AGREED,
        answered_on=date(2025, 5, 2),
        created_by=world.users["coordination"],
    )
    [finding] = rules(world, 2025, date(2025, 6, 1), "R-GOV-5")
    assert finding.figures == {"amendment": 1, "agreed_on": "2025-05-02"}
    amendment.status = AmendmentStatus.TRANSMITTED
    amendment.save()
    assert rules(world, 2025, date(2025, 6, 1), "R-GOV-5") == []


def test_check_rules_lists_the_governance_rules_too(
    world: World, copil: Body, label_2024_2026: None, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_of(copil, date(2024, 2, 1))
    call_command("check_rules", "--cite", world.cite.slug, "--year", "2024", "--json")
    payload = json.loads(capsys.readouterr().out)
    governance = [f for f in payload["findings"] if f["rule"].startswith("R-GOV")]
    assert {"R-GOV-1", "R-GOV-2", "R-GOV-3", "R-GOV-4"} <= {f["rule"] for f in governance}
    assert [f["figures"]["quarter"] for f in governance if f["rule"] == "R-GOV-1"] == [2, 3, 4]
    assert set(governance[0]) == {"rule", "severity", "message", "figures"}
    assert "totals" in payload  # the money rules' figures are still there
