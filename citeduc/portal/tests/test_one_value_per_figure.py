"""One value per figure: on the Besançon demo, the year's money, actions and non-State share read
the same on the money page, the indicators dashboard, the home's cockpit, `check_rules --json`,
the requests API and the derived indicators — each computed once and read everywhere."""

import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from citeduc.accounts.models import ApiToken, User
from citeduc.common.money import format_euros
from citeduc.demo.loading import DEMO_DOMAIN, DemoResult
from citeduc.funding.dashboard import funder_rows
from citeduc.funding.loaders import decisions_of, money_sum, totals
from citeduc.funding.rules import P147, percent
from citeduc.indicators.derive import actions_programmees, derive_measurements
from citeduc.indicators.models import Measurement
from citeduc.portal.navigation import current_year

YEAR = 2025


def coordination() -> tuple[Client, User]:
    user = User.objects.get(email=f"coordination@{DEMO_DOMAIN}")
    client = Client()
    client.force_login(user)
    return client, user


def euros(amount: Decimal) -> str:
    """As the pages print it (narrow no-break spaces between thousands)."""
    return format_euros(amount, thousands="\u202f")


class TestOneValuePerFigure:
    def test_money_reads_the_same_everywhere(self, demo: DemoResult) -> None:
        cite = demo.cite
        t = totals(cite, YEAR)
        decided = Decimal(decisions_of(cite, YEAR).aggregate(total=money_sum())["total"])
        assert t.global_budget > 0 and decided > 0
        client, user = coordination()

        money_page = client.get(reverse("funding:dashboard", args=[cite.slug, YEAR]))
        money = money_page.content.decode()
        assert euros(t.global_budget) in money
        assert percent(t.non_state_share) in money
        p147 = next(r for r in funder_rows(cite, YEAR) if r.funder.code == P147)
        assert p147.remaining == t.envelope_p147 - t.p147_decided - t.fund_p147
        assert euros(p147.remaining) in money

        board = client.get(reverse("indicators:dashboard", args=[cite.slug, YEAR]))
        dashboard = board.content.decode()
        assert euros(decided) in dashboard  # the trend's money of the year
        live = int(actions_programmees(cite, YEAR)[0].value)
        assert f"{live} action" in dashboard

        out = io.StringIO()
        call_command("check_rules", "--cite", cite.slug, "--year", str(YEAR), "--json", stdout=out)
        assert json.loads(out.getvalue())["totals"] == t.as_json()

        _, token = ApiToken.issue(user, "cohérence")
        url = reverse("api:list_requests", args=[cite.slug]) + f"?year={YEAR}&limit=100"
        body = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
        api_decided = sum(
            (
                Decimal(str(f["decided"]))
                for r in body["items"]
                for f in r["funders"]
                if f["decided"]
            ),
            Decimal(0),
        )
        assert api_decided == decided

        derive_measurements(cite, YEAR)
        derived = dict(
            Measurement.objects.filter(indicator__cite=cite, period=str(YEAR))
            .filter(
                indicator__code__in=["MONTANT_ACCORDE", "PART_HORS_ETAT", "ACTIONS_PROGRAMMEES"]
            )
            .values_list("indicator__code", "value")
        )
        assert derived["MONTANT_ACCORDE"] == decided
        assert derived["ACTIONS_PROGRAMMEES"] == live
        assert derived["PART_HORS_ETAT"] == (t.non_state_share * 100).quantize(Decimal("0.01"))

    def test_the_cockpit_reads_the_rules_totals(self, demo: DemoResult) -> None:
        cite = demo.cite
        year = current_year(cite)
        t = totals(cite, year)
        client, _user = coordination()
        home = client.get(reverse("portal:home")).content.decode()
        assert format_euros(t.p147_decided + t.fund_p147) in home
        assert format_euros(t.envelope_p147) in home
        assert percent(t.non_state_share) in home

    def test_a_decision_recomputes_the_derived_indicators_at_commit(
        self, demo: DemoResult, django_capture_on_commit_callbacks
    ) -> None:
        cite = demo.cite
        derive_measurements(cite, YEAR)
        decision = decisions_of(cite, YEAR).order_by("pk").first()
        assert decision is not None
        # The demo was written in this class's transaction, which never commits: what it queued
        # for its own commit (one computation per year) would hide ours.
        transaction.get_connection().run_on_commit.clear()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            decision.amount -= Decimal("1000")
            decision.save()
            decision.amount -= Decimal("1000")
            decision.save()
        # Once per Cité and year, however many rows change: the derived indicators, and the new
        # versions of the data (common/versions.py).
        assert sorted(type(c).__name__ for c in callbacks) == ["_Bump", "partial"]
        decided = Decimal(decisions_of(cite, YEAR).aggregate(total=money_sum())["total"])
        measured = Measurement.objects.get(
            indicator__cite=cite, indicator__code="MONTANT_ACCORDE", period=str(YEAR)
        )
        assert measured.value == decided
