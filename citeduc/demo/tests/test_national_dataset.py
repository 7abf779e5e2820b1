from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Sum

from citeduc.accounts.models import User
from citeduc.action_plan.models import Action
from citeduc.demo.national import SLUG_PREFIX, AlreadyGenerated, generate
from citeduc.funding.loaders import check
from citeduc.funding.models import Decision, GrantRequest, Payment, RequestedAmount
from citeduc.governance.models import Meeting
from citeduc.indicators.models import Indicator, Measurement
from citeduc.reviews.models import AnnualReview
from citeduc.territory.models import CiteEducative, Establishment, Qpv
from citeduc.territory.regions import UNKNOWN, region_of_cite
from citeduc.territory.validators import uai_error, validate_insee_code, validate_qpv_code

pytestmark = pytest.mark.django_db

SMALL = {"cites": 3, "years": 2, "actions": 4, "seed": 7}


def fingerprint() -> list[list]:
    """What two runs with one seed must share (primary keys aside)."""
    actions = list(
        Action.objects.order_by("cite__slug", "title").values_list(
            "cite__slug", "title", "status", "age_min", "age_max", "expected_participants"
        )
    )
    asked = list(
        RequestedAmount.objects.order_by(
            "request__cite__slug", "request__action__title", "funder__code"
        ).values_list("request__action__title", "funder__code", "amount")
    )
    figures = list(
        Measurement.objects.order_by(
            "indicator__cite__slug", "indicator__code", "year", "qpv__code", "sex", "age_band"
        ).values_list("indicator__code", "year", "qpv__code", "sex", "age_band", "value")
    )
    return [actions, asked, figures]


def test_the_small_dataset_has_the_national_shapes():
    counts = generate(**SMALL)
    cites = list(CiteEducative.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))
    assert [c.slug for c in cites] == ["synth-001", "synth-002", "synth-003"]
    assert all("synthétique" in c.name for c in cites)
    assert all(c.label_years() == [2024, 2025] for c in cites)
    # 2.4 QPV per Cité, each a valid code with a contour; 40 establishments with a valid UAI.
    assert Qpv.objects.filter(cites__in=cites).count() == 7
    for qpv in Qpv.objects.all():
        validate_qpv_code(qpv.code)
        assert qpv.contains(qpv.centroid_lat, qpv.centroid_lon)
    assert Establishment.objects.filter(cite__in=cites).count() == 120
    assert not [e.uai for e in Establishment.objects.all() if uai_error(e.uai)]
    for cite in CiteEducative.objects.prefetch_related("communes"):
        for commune in cite.communes.all():
            validate_insee_code(commune.insee_code)
        assert region_of_cite(cite) != UNKNOWN
        assert cite.lead_college is not None and cite.lead_college.cite_id == cite.pk
    # 4 actions per Cité and year, each with a request to 2 to 4 funders, all decided and paid.
    assert Action.objects.count() == 3 * 2 * 4
    assert GrantRequest.objects.count() == Action.objects.count()
    assert all(
        r.action.porteurs.filter(pk=r.applicant_id).exists()
        for r in GrantRequest.objects.select_related("action")
    )
    per_request = GrantRequest.objects.annotate(n=Count("asked")).values_list("n", flat=True)
    assert set(per_request) <= {2, 3, 4} and min(per_request) >= 2
    assert Decision.objects.count() == RequestedAmount.objects.count()
    decided = Decision.objects.aggregate(s=Sum("amount"))["s"]
    assert Payment.objects.aggregate(s=Sum("amount"))["s"] == decided > Decimal(0)
    # The money is coherent: every funder decided within its envelope, fund share included.
    for cite in cites:
        _totals, findings = check(cite, 2024)
        assert not [f for f in findings if f.rule in ("R-FUND-1", "R-FUND-6")], cite
    # 12 meetings per Cité and year; 40 indicators per Cité, measured per QPV × sex × age band.
    assert Meeting.objects.count() == 3 * 2 * 12
    assert Indicator.objects.filter(cite__in=cites).count() == 3 * 40
    assert Measurement.objects.count() == counts.rows["mesures"] > 3 * 2 * 30 * 30
    assert not Measurement.objects.filter(numerator__gt=0, denominator__lt=1).exists()
    # Past years' reviews, the first one transmitted everywhere.
    assert AnnualReview.objects.filter(year=2024, status="transmise").count() == 3
    assert counts.total > 10_000
    assert User.objects.get(email__startswith="national@").is_national


def test_one_seed_gives_the_same_rows_and_another_seed_does_not():
    with transaction.atomic():
        generate(**SMALL)
        first = fingerprint()
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(**{**SMALL, "seed": 8})
        other = fingerprint()
        transaction.set_rollback(True)
    generate(**SMALL)
    assert fingerprint() == first
    assert other != first


def test_a_second_run_is_refused_and_writes_nothing():
    generate(cites=1, years=1, actions=2)
    before = Action.objects.count()
    with pytest.raises(AlreadyGenerated):
        generate(cites=1, years=1, actions=2)
    with pytest.raises(CommandError, match="déjà un jeu national"):
        call_command("generate_national_dataset", "--cites", "1", "--years", "1")
    assert Action.objects.count() == before


def test_the_command_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="au moins 1"):
        call_command("generate_national_dataset", "--cites", "0")
    assert not CiteEducative.objects.exists()
