"""The Besançon bodies against Article 4 of the seed, and the 2025 COPIL as demonstration data."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from citeduc.accounts.tests.login import log_in
from citeduc.demo import besancon_governance as governance
from citeduc.demo.loading import DEMO_DOMAIN, DemoResult, load_demo
from citeduc.funding.models import Decision
from citeduc.governance.enums import BodyKind
from citeduc.governance.loaders import check
from citeduc.governance.models import Body, BodyMember, DecisionRecord, Meeting
from citeduc.territory.models import CiteEducative
from tests.support.seed import article

pytestmark = pytest.mark.django_db


class TestOnTheDemo:
    """The Besançon demo, loaded once for these tests."""

    def test_the_bodies_of_article_4(self, demo: DemoResult) -> None:
        cite = CiteEducative.objects.get(slug="besancon")
        bodies = Body.objects.filter(cite=cite)
        copil = bodies.get(kind=BodyKind.COPIL_RESTREINT)
        offices = list(copil.members.values_list("office", flat=True))
        assert offices == [
            "Maire de Besançon",
            "Inspecteur d'Académie (DASEN du Doubs)",
            "Préfet du Doubs",
        ]
        assert copil.members.get(office="Maire de Besançon").name == "Anne Vignot"
        assert copil.frequency == "trimestrielle"
        technique = bodies.get(kind=BodyKind.COMITE_TECHNIQUE)
        assert technique.members.count() == 4  # the three chefs de file and GBM
        assert technique.members.filter(institution="Grand Besançon Métropole").exists()
        collectifs = bodies.filter(kind=BodyKind.COLLECTIF_EDUCATIF)
        assert sorted(collectifs.values_list("qpv__code", flat=True)) == sorted(
            cite.qpvs.values_list("code", flat=True)
        )
        assert bodies.count() == 10
        text = article(4)
        for phrase in ("comité de pilotage restreint", "Monsieur le Préfet du Doubs", "GBM"):
            assert phrase in text

    def test_the_2025_copil_meetings_are_demonstration_data_and_hold_the_calendar(
        self, demo: DemoResult
    ) -> None:
        cite = CiteEducative.objects.get(slug="besancon")
        meetings = Meeting.objects.filter(body__cite=cite)
        assert meetings.count() == len(governance.DEMO_MEETINGS_2025) == 5
        assert all(m.is_demo and "démonstration" in m.label for m in meetings)
        # Four quarters, the extended COPIL and the collectifs: only the annual review is missing.
        findings = check(cite, 2025, date(2026, 1, 15))
        assert [f.rule for f in findings] == ["R-GOV-4"]
        # The programmation's decisions cite "COPIL du 14/03/2025": that meeting records them.
        record = DecisionRecord.objects.get(meeting__body__cite=cite)
        decisions = Decision.objects.filter(request__cite=cite, request__year=2025)
        assert set(record.funding_decisions.all()) == set(decisions)
        assert record.amount == sum(d.amount for d in decisions)
        assert record.meeting.starts_at.date() == date(2025, 3, 14)

    def test_demo_is_idempotent_and_the_porteur_sits_in_the_planoise_collectif(
        self,
        demo: DemoResult,
        client: Client,
    ) -> None:
        counts = (Body.objects.count(), BodyMember.objects.count(), Meeting.objects.count())
        load_demo(with_accounts=True)
        assert (Body.objects.count(), BodyMember.objects.count(), Meeting.objects.count()) == counts
        seat = BodyMember.objects.get(user__email=f"porteur@{DEMO_DOMAIN}")
        assert seat.body.qpv is not None and seat.body.qpv.name == "Planoise"
        log_in(client, f"porteur@{DEMO_DOMAIN}", "citeduc-demo-2024")
        page = client.get(reverse("governance:calendar", args=["besancon"])).content.decode()
        assert "Comité de pilotage restreint (démonstration)" in page
