"""The national coordination's API on a small synthetic national dataset, then schemathesis over
the whole OpenAPI document: no request it can build gets a server error."""

from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from citeduc.accounts.enums import Role
from citeduc.accounts.models import ApiToken, Membership, User
from citeduc.demo.national import generate
from citeduc.funding.models import Decision, Envelope, Payment
from citeduc.territory.models import CiteEducative
from citeduc.territory.tests.factories import CiteFactory, CommuneFactory

pytestmark = pytest.mark.django_db


def token_for(user: User) -> dict[str, str]:
    _token, raw = ApiToken.issue(user, "essai")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def national() -> dict[str, str]:
    generate(cites=3, years=2, actions=3, seed=3)
    return token_for(User.objects.get(email__startswith="national@"))


def get(path: str, headers: dict[str, str], **params: str | int) -> dict:
    response = Client().get(path, params, headers=headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_money_per_cite_and_per_region_adds_up(national):
    body = get("/api/national/money", national, year=2024)
    assert body["count"] == 3 and len(body["items"]) == 3
    for item in body["items"]:
        cite = CiteEducative.objects.get(slug=item["cite"])
        decided = Decision.objects.filter(request__cite=cite, request__year=2024)
        assert Decimal(item["money"]["decided"]) == decided.aggregate(s=Sum("amount"))["s"]
        state = decided.filter(funder__is_state=True).aggregate(s=Sum("amount"))["s"]
        assert Decimal(item["money"]["decided_state"]) == state
        paid = Payment.objects.filter(decision__in=decided).aggregate(s=Sum("amount"))["s"]
        assert Decimal(item["money"]["paid"]) == paid
        envelopes = Envelope.objects.filter(cite=cite, year=2024).aggregate(s=Sum("amount"))["s"]
        assert Decimal(item["money"]["envelopes"]) == envelopes
        share = 100 * Decimal(item["money"]["decided_other"]) / Decimal(item["money"]["decided"])
        assert Decimal(item["money"]["non_state_share"]) == share.quantize(Decimal("0.01"))
    regions = get("/api/national/money/regions", national, year=2024)["items"]
    assert sum(r["cites"] for r in regions) == 3
    assert sum(Decimal(r["money"]["decided"]) for r in regions) == sum(
        Decimal(i["money"]["decided"]) for i in body["items"]
    )
    one = regions[0]["region_code"]
    only = get("/api/national/money", national, year=2024, region=one)["items"]
    assert only and {i["region_code"] for i in only} == {one}


def test_pages_and_filters(national):
    page = get("/api/national/money", national, year=2024, limit=2, offset=0)
    rest = get("/api/national/money", national, year=2024, limit=2, offset=2)
    assert page["count"] == rest["count"] == 3
    assert len(page["items"]) == 2 and len(rest["items"]) == 1
    reviews = get("/api/national/reviews", national, year=2024)["items"]
    assert len(reviews) == 3 and {r["status"] for r in reviews} == {"transmise"}
    assert all(r["transmitted_on"] == "2025-03-31" for r in reviews)
    # 2025 is the last label year: no review opened yet.
    opened = get("/api/national/reviews", national, year=2025, opened=False)["items"]
    assert len(opened) == 3 and {r["status_label"] for r in opened} == {"Non ouverte"}
    codes = get("/api/national/indicators", national, year=2025, q="synth", limit=100)
    assert codes["count"] == 25 and all(i["cites"] == 3 for i in codes["items"])
    assert codes["items"][0]["rollup"] == "/api/indicators/SYNTH_01/rollup?year=2025"


def test_the_rollup_of_one_region(national):
    whole = get("/api/indicators/SYNTH_01/rollup", national, year=2025)
    regions = {line["region"] for line in whole["lines"] if line["level"] == "region"}
    assert len(regions) == 3  # the three synthetic Cités lie in three regions
    code = get("/api/national/money", national, year=2025)["items"][0]["region_code"]
    one = get("/api/indicators/SYNTH_01/rollup", national, year=2025, region=code)
    levels = [line["level"] for line in one["lines"]]
    assert levels == ["cite", "region", "national"]
    assert [line for line in whole["lines"] if line in one["lines"]] == one["lines"]
    bad = Client().get("/api/indicators/SYNTH_01/rollup", {"year": 2025, "region": "99"})
    assert bad.status_code == 422


def test_only_national_accounts_read_it(national):
    cite = CiteEducative.objects.first()
    member = User.objects.create_user("pilote@example.org", "x")
    Membership.objects.create(user=member, cite=cite, role=Role.PILOTE_VILLE)
    for path in ("/api/national/money", "/api/national/reviews", "/api/national/indicators"):
        assert Client().get(path, {"year": 2024}).status_code == 401
        assert Client().get(path, {"year": 2024}, headers=token_for(member)).status_code == 404
    bad = Client().get("/api/national/money", {"year": 2024, "region": "99"}, headers=national)
    assert bad.status_code == 422 and "region" in str(bad.json()["detail"])
    assert Client().get("/api/national/money", {"year": 1}, headers=national).status_code == 422


def test_query_counts_do_not_grow_with_the_number_of_cites(national):
    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(path, national, year=2024)
        return len(captured)

    paths = ["/api/national/money", "/api/national/money/regions", "/api/national/reviews"]
    before = [queries(p) for p in paths]
    for n in range(5):
        cite = CiteFactory.create(label_start=date(2024, 1, 1), label_end=date(2026, 12, 31))
        cite.communes.add(CommuneFactory.create(insee_code=f"7{n}056"))
    assert get("/api/national/money", national, year=2024)["count"] == 8
    assert [queries(p) for p in paths] == before


def test_no_request_the_schema_allows_gets_a_server_error(national):
    """Every operation of /api/openapi.json, with the national token (which reads the most): a
    bounded number of generated requests each, none answered 5xx or off its documented schema.
    (Schemathesis's own pytest plugin does not run under pytest 9: operations are driven here.)"""
    # Like Django's test client: the WSGI handler must not close the test's connection (it
    # would, on PostgreSQL, at the end of each request inside the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        api_schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
        operations = [result.ok() for result in api_schema.get_all_operations()]
        tried = [run_operation(operation, national) for operation in operations]
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    document = Client().get("/api/openapi.json").json()
    assert len(operations) == sum(len(methods) for methods in document["paths"].values())
    assert len(tried) == len(operations) and "GET /api/national/money" in tried


def run_operation(operation, headers: dict[str, str]) -> str:
    """A bounded number of generated requests to one operation; its label once done."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    call()
    return operation.label
