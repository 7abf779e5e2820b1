"""The money rules under parallel requests, on PostgreSQL (row locks are what hold them there).

The attack that was found: four parallel POSTs of the full decided amount on the payment page all
went through (260 000 € paid on a 65 000 € decision); two decisions recorded at the same instant
both passed R-FUND-1 and together crossed the P147 envelope."""

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse

from citeduc.action_plan.tests.factories import ActionFactory
from citeduc.funding.decide import RuleViolation, record_decision
from citeduc.funding.models import Decision, GrantRequest, Payment
from tests.support.grants import S, as_user, form_token, make_cycle
from tests.support.world import World

pytestmark = [
    pytest.mark.pg_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time: the race exists on PostgreSQL only",
    ),
]
PARALLEL = 4


def at_once(work: Callable[[int], Any]) -> list[Any]:
    """Runs ``work(i)`` in PARALLEL threads released together; returns results or exceptions."""
    barrier = threading.Barrier(PARALLEL)
    results: list[Any] = [None] * PARALLEL

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 — the test reads what each thread met
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def grant_asking(c: dict[str, Any], amount: str) -> GrantRequest:
    grant = GrantRequest.objects.create(
        cite=c["cite"],
        call=c["call"],
        action=ActionFactory.create(cite=c["cite"]),
        applicant=c["organisation"],
        year=2025,
        status=S.SUBMITTED,
    )
    grant.asked.create(funder=c["p147"], amount=Decimal(amount))
    return grant


def test_parallel_payments_of_the_whole_amount_pay_it_once(world: World) -> None:
    c = make_cycle(world)
    grant = grant_asking(c, "6000")
    decision = record_decision(grant, c["p147"], Decimal("6000"), date(2025, 3, 20))
    GrantRequest.objects.filter(pk=grant.pk).update(status=S.SIGNED)
    url = reverse("funding:payment", args=[c["cite"].slug, grant.pk])
    # Four tabs, each with its own form (and so its own one-time token), sent at the same time.
    clients = [as_user(c["coordination"]) for _ in range(PARALLEL)]
    tokens = [form_token(client, url) for client in clients]
    data = {"decision": decision.pk, "amount": "6000", "date": "2025-04-10"}

    responses = at_once(lambda i: clients[i].post(url, {**data, "once": tokens[i]}))

    statuses = sorted(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == [302, 400, 400, 400], statuses
    assert Payment.objects.filter(decision=decision).count() == 1
    assert sum(p.amount for p in Payment.objects.all()) == Decimal("6000")
    refused = [r for r in responses if getattr(r, "status_code", None) == 400]
    assert all("R-FUND-6" in r.content.decode() for r in refused)


def test_parallel_decisions_stay_within_the_envelope(world: World) -> None:
    """Envelope 10 000 €: four requests of 6 000 € decided at the same instant; one passes."""
    c = make_cycle(world)
    grants = [grant_asking(c, "6000") for _ in range(PARALLEL)]

    results = at_once(
        lambda i: record_decision(grants[i], c["p147"], Decimal("6000"), date(2025, 3, 20))
    )

    decided = [r for r in results if isinstance(r, Decision)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(decided) == 1 and len(refused) == PARALLEL - 1, results
    assert all(r.rule == "R-FUND-1" for r in refused)
    assert Decision.objects.filter(funder=c["p147"]).count() == 1
