"""Figures kept instead of recomputed (issue 27) must equal the figures recomputed from the source
rows, whatever series of writes came before: money per Cité × funder × year, the national money
API read from them, and the rule findings of a Cité and year."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.common import versions
from citeduc.funding import kept as kept_money
from citeduc.funding.models import (
    Decision,
    Funder,
    GrantRequest,
    MoneyFigure,
    Payment,
    RequestedAmount,
)
from citeduc.indicators import kept
from citeduc.indicators.models import KeptFindings
from citeduc.national import money
from tests.support.commits import commit
from tests.support.world import World

YEARS = (2024, 2025, 2026)
amounts = st.integers(min_value=0, max_value=50_000).map(Decimal)
index = st.integers(min_value=0, max_value=7)
operation = st.one_of(
    st.tuples(st.just("new"), index, st.sampled_from(YEARS)),
    st.tuples(st.just("ask"), index, index, amounts),
    st.tuples(st.just("decide"), index, index, amounts),
    st.tuples(st.just("pay"), index, amounts),
    st.tuples(st.just("unpay"), index),
    st.tuples(st.just("undecide"), index),
    st.tuples(st.just("move"), index, st.sampled_from(YEARS)),
    st.tuples(st.just("drop"), index),
)


def pick(rows: list[Any], i: int) -> Any:
    return rows[i % len(rows)] if rows else None


def apply(world: World, op: tuple[Any, ...]) -> None:
    cites = [world.cite, world.other_cite]
    requests = list(GrantRequest.objects.order_by("pk"))
    funders = list(Funder.objects.order_by("pk"))
    kind, i = op[0], op[1]
    request = pick(requests, i)
    if kind == "new":
        cite = cites[i % 2]
        action = ActionFactory.create(cite=cite)
        side = world.own if cite == world.cite else world.other
        GrantRequest.objects.create(
            cite=cite, action=action, applicant=side.service.organisation, year=op[2]
        )
    elif kind in ("ask", "decide") and request is not None:
        funder = pick([f for f in funders if f.cite_id == request.cite_id], op[2])
        if kind == "ask":
            RequestedAmount.objects.update_or_create(
                request=request, funder=funder, defaults={"amount": op[3]}
            )
        else:
            Decision.objects.update_or_create(
                request=request,
                funder=funder,
                defaults={"amount": op[3], "date": date(2025, 3, 1)},
            )
    elif kind == "pay" and (decision := pick(list(Decision.objects.order_by("pk")), i)):
        Payment.objects.create(decision=decision, amount=op[2], date=date(2025, 6, 1))
    elif kind == "unpay" and (payment := pick(list(Payment.objects.order_by("pk")), i)):
        payment.delete()
    elif kind == "undecide" and (decision := pick(list(Decision.objects.order_by("pk")), i)):
        decision.delete()  # its payments go with it
    elif kind == "move" and request is not None:
        request.year = op[2]
        request.save()
    elif kind == "drop" and request is not None:
        request.attachments.all().delete()
        request.delete()  # its amounts, decisions and payments go with it


def summed_from_the_rows() -> dict[tuple[int, int, int], tuple[Decimal, Decimal, Decimal]]:
    """Money per (Cité, funder, year), added up in Python from every source row."""
    sums: dict[tuple[int, int, int], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for a in RequestedAmount.objects.select_related("request"):
        sums[(a.request.cite_id, a.funder_id, a.request.year)][0] += a.amount
    for d in Decision.objects.select_related("request"):
        sums[(d.request.cite_id, d.funder_id, d.request.year)][1] += d.amount
    for p in Payment.objects.select_related("decision__request"):
        r = p.decision.request
        sums[(r.cite_id, p.decision.funder_id, r.year)][2] += p.amount
    return {k: (a, d, p) for k, (a, d, p) in sums.items() if a or d or p}


def kept_rows() -> dict[tuple[int, int, int], tuple[Decimal, Decimal, Decimal]]:
    return {
        (f.cite_id, f.funder_id, f.year): (f.asked, f.decided, f.paid)
        for f in MoneyFigure.objects.all()
    }


@pytest.fixture
def funded(world: World) -> World:
    for cite in (world.cite, world.other_cite):
        Funder.objects.create(
            cite=cite, code="P147", name="État — P147", kind="etat", is_state=True
        )
    return world


@pytest.mark.pg_only  # about a second an example: once, on PostgreSQL
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(series=st.lists(operation, min_size=1, max_size=14), batched=st.booleans())
@pytest.mark.django_db
def test_kept_figures_equal_recomputed_figures_after_any_series_of_writes(
    funded: World, series: list[tuple[Any, ...]], batched: bool
) -> None:
    with transaction.atomic():
        if batched:  # as an import does: each Cité refreshed once, at the end
            with kept_money.batch():
                for op in series:
                    apply(funded, op)
        else:
            for op in series:
                apply(funded, op)
        commit()
        assert kept_rows() == summed_from_the_rows()
        national = {row.cite.pk: row.money for row in money.by_cite(2025)}
        by_source = summed_from_the_rows()
        for cite in (funded.cite, funded.other_cite):
            state = {f.pk for f in Funder.objects.filter(cite=cite, is_state=True)}
            mine = {k: v for k, v in by_source.items() if k[0] == cite.pk and k[2] == 2025}
            assert national[cite.pk].requested == sum((v[0] for v in mine.values()), Decimal(0))
            assert national[cite.pk].decided_state == sum(
                (v[1] for k, v in mine.items() if k[1] in state), Decimal(0)
            )
            assert national[cite.pk].decided_other == sum(
                (v[1] for k, v in mine.items() if k[1] not in state), Decimal(0)
            )
            assert national[cite.pk].paid == sum((v[2] for v in mine.values()), Decimal(0))
            kept.rules_of(cite, 2025)  # kept, then read back
            assert kept.rules_of(cite, 2025) == kept.judge(cite, 2025)
        transaction.set_rollback(True)


def test_a_rolled_back_write_takes_its_kept_figures_with_it(funded: World) -> None:
    funder = Funder.objects.get(cite=funded.cite, code="P147")
    before = kept_rows()
    with transaction.atomic():
        Decision.objects.create(
            request=funded.own.request, funder=funder, amount=Decimal(900), date=date(2025, 1, 2)
        )
        assert kept_rows()[(funded.cite.pk, funder.pk, 2025)] == (0, Decimal(900), 0)
        transaction.set_rollback(True)
    assert kept_rows() == before


def test_findings_are_read_from_one_kept_row_until_the_data_changes(
    funded: World, django_assert_num_queries: Any
) -> None:
    cite = funded.cite
    commit()
    first = kept.rules_of(cite, 2025)
    assert KeptFindings.objects.filter(cite=cite, year=2025).count() == 1
    with django_assert_num_queries(1):
        assert kept.rules_of(cite, 2025) == first
    # A write to the Cité: inside its transaction the rules are judged afresh, and after it too.
    funder = Funder.objects.get(cite=cite, code="P147")
    Decision.objects.create(
        request=funded.own.request, funder=funder, amount=Decimal(50), date=date(2025, 2, 1)
    )
    assert versions.cite_version(cite.pk) is None
    during = kept.rules_of(cite, 2025)
    assert during.totals.p147_decided == Decimal(50)
    commit()
    after = kept.rules_of(cite, 2025)
    assert after == during == kept.judge(cite, 2025)
    # The other Cité's kept findings did not need judging again.
    other = kept.rules_of(funded.other_cite, 2025)
    with django_assert_num_queries(1):
        assert kept.rules_of(funded.other_cite, 2025) == other


def test_findings_judged_while_a_write_commits_are_not_kept_for_later(
    funded: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    cite = funded.cite
    commit()
    judged = []
    real_judge = kept.judge

    def judge_during_a_write(*args: Any) -> kept.Rules:
        judged.append(args)
        result = real_judge(*args)
        if len(judged) == 1:
            versions.bump(str(cite.pk))  # another request's write commits meanwhile
        return result

    monkeypatch.setattr(kept, "judge", judge_during_a_write)
    kept.rules_of(cite, 2025)
    kept.rules_of(cite, 2025)
    assert len(judged) == 2  # the first judgement was stored under the old version
    kept.rules_of(cite, 2025)
    assert len(judged) == 2


def test_another_day_is_judged_again(funded: World) -> None:
    cite = funded.cite
    commit()
    kept.rules_of(cite, 2025)
    row = KeptFindings.objects.get(cite=cite, year=2025)
    row.as_of -= timedelta(days=1)
    row.payload = {**row.payload, "findings": []}  # what yesterday's rows said, say
    row.save()
    assert kept.rules_of(cite, 2025) == kept.judge(cite, 2025)
    assert KeptFindings.objects.get(cite=cite, year=2025).as_of == row.as_of + timedelta(days=1)


def test_the_rebuild_command_finds_and_mends_kept_figures_gone_wrong(
    funded: World, capsys: pytest.CaptureFixture[str]
) -> None:
    funder = Funder.objects.get(cite=funded.cite, code="P147")
    Decision.objects.create(
        request=funded.own.request, funder=funder, amount=Decimal(700), date=date(2025, 1, 2)
    )
    call_command("rebuild_kept_figures", "--check")
    MoneyFigure.objects.filter(cite=funded.cite).update(decided=Decimal(1))  # gone wrong
    with pytest.raises(CommandError, match="1 Cité"):
        call_command("rebuild_kept_figures", "--check")
    assert "cite-a" in capsys.readouterr().out
    call_command("rebuild_kept_figures")
    assert kept_rows() == summed_from_the_rows()
    call_command("rebuild_kept_figures", "--check")


@pytest.mark.usefixtures("demo")
class TestOnTheDemo:
    def test_the_demo_findings_read_back_exactly_as_judged(self) -> None:
        from citeduc.territory.models import CiteEducative

        cite = CiteEducative.objects.get(slug="besancon")
        for year in cite.label_years():
            judged = kept.judge(cite, year)
            assert judged.findings, year  # the demo breaks some rules on purpose
            assert kept.decode(kept.encode(judged)) == judged

    def test_the_demo_money_is_kept(self) -> None:
        assert kept_rows() == summed_from_the_rows()
        call_command("rebuild_kept_figures", "--check")


def test_the_dashboard_is_built_once_per_version_of_its_cite_and_follows_its_writes(
    funded: World, django_assert_max_num_queries: Any
) -> None:
    from citeduc.indicators.dashboard import Filters, build_dashboard, kept_dashboard

    cite, filters = funded.cite, Filters(2025)
    commit()
    first = kept_dashboard(cite, filters)
    assert first == build_dashboard(cite, filters)
    with django_assert_max_num_queries(0):
        assert kept_dashboard(cite, filters) == first
    funder = Funder.objects.get(cite=cite, code="P147")
    Decision.objects.create(
        request=funded.own.request, funder=funder, amount=Decimal(800), date=date(2025, 2, 1)
    )
    during = kept_dashboard(cite, filters)  # this transaction wrote: built afresh, not kept
    commit()
    after = kept_dashboard(cite, filters)
    assert during == after == build_dashboard(cite, filters)
    assert sum(after.money_by_axis.values()) == sum(first.money_by_axis.values()) + 800
    # Another Cité's write leaves this one's kept dashboard alone.
    kept_dashboard(cite, filters)
    Decision.objects.create(
        request=funded.other.request,
        funder=Funder.objects.get(cite=funded.other_cite, code="P147"),
        amount=Decimal(5),
        date=date(2025, 2, 1),
    )
    commit()
    with django_assert_max_num_queries(0):
        kept_dashboard(cite, filters)
