"""The national reads go to the replica when one is configured, and nothing else does."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from citeduc.accounts.models import User
from citeduc.common import replica
from citeduc.common.replica import NationalReadRouter, NationalReadsMiddleware
from citeduc.indicators.models import Measurement
from citeduc.territory.models import CiteEducative

ROUTER = NationalReadRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def route_during(path: str, method: str = "get") -> dict[str, str | None]:
    """Where reads of three models go while the middleware handles a request to ``path``."""
    seen: dict[str, str | None] = {}

    def view(request: HttpRequest) -> HttpResponse:
        for model in (Measurement, CiteEducative, User, Session):
            seen[model.__name__] = ROUTER.db_for_read(model)
        return HttpResponse()

    NationalReadsMiddleware(view)(getattr(RequestFactory(), method)(path))
    return seen


def test_national_gets_read_the_domain_from_the_replica_and_accounts_from_the_primary(
    with_replica,
):
    seen = route_during("/api/national/money")
    assert seen == {"Measurement": "replica", "CiteEducative": "replica", "User": None,
                    "Session": None}  # fmt: skip
    assert route_during("/national/indicateurs/PUBLIC_TOUCHE/")["Measurement"] == "replica"


@pytest.mark.parametrize(
    "path,method",
    [("/cites/besancon/", "get"), ("/annuaire/", "get"), ("/national/revues/", "post")],
)
def test_everything_else_reads_the_primary(with_replica, path, method):
    assert set(route_during(path, method).values()) == {None}
    assert ROUTER.db_for_read(Measurement) is None  # the mark does not outlive its request


def test_without_a_replica_national_reads_stay_on_the_primary():
    assert set(route_during("/api/national/money").values()) == {None}
    assert ROUTER.allow_migrate("replica", "indicators") is False
    assert ROUTER.allow_migrate("default", "indicators") is True
