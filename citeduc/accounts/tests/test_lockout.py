"""django-axes: five failed logins lock the pair (account, address) for the cool-off time."""

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from citeduc.accounts.models import LoginEvent, User
from citeduc.accounts.tests.factories import PASSWORD, UserFactory

Kind = LoginEvent.Kind


def attempt(client: Client, email: str, password: str, address: str = "203.0.113.7") -> int:
    response = client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )
    return response.status_code


@pytest.fixture
def camille(db: None) -> User:
    return UserFactory.create(email="camille@example.org")


def test_five_failures_lock_the_account_from_that_address(client: Client, camille: User) -> None:
    for _ in range(4):
        assert attempt(client, camille.email, "faux") == 200
    locked = client.post(
        reverse("accounts:login"),
        {"username": camille.email, "password": "faux"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert locked.status_code == 429
    assert "Connexion suspendue" in locked.content.decode()
    assert "30 minutes" in locked.content.decode()
    # Now even the right password is refused from there.
    assert attempt(client, camille.email, PASSWORD) == 429
    assert "_auth_user_id" not in client.session
    events = LoginEvent.objects.filter(email=camille.email)
    assert events.filter(kind=Kind.FAILED, user=camille).count() >= 4
    assert events.filter(kind=Kind.LOCKED).exists()
    assert events.first().ip_address == "203.0.113.7"  # type: ignore[union-attr]


def test_changing_the_case_of_the_address_does_not_escape_the_count(
    client: Client, camille: User
) -> None:
    variants = ["camille@example.org", "Camille@example.org", "CAMILLE@EXAMPLE.ORG"]
    for typed in [*variants, "Camille@Example.org", " camille@example.org"]:
        attempt(client, typed, "faux")
    assert attempt(client, camille.email, PASSWORD) == 429


def test_the_lock_holds_one_pair_only(client: Client, camille: User) -> None:
    for _ in range(5):
        attempt(client, camille.email, "faux")
    # The same account from another address, and another account from the same address.
    assert attempt(Client(), camille.email, PASSWORD, address="198.51.100.20") == 302
    other = UserFactory.create(email="dominique@example.org")
    assert attempt(Client(), other.email, PASSWORD) == 302


def test_a_success_resets_the_count(client: Client, camille: User) -> None:
    for _ in range(4):
        attempt(client, camille.email, "faux")
    assert attempt(client, camille.email, PASSWORD) == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert attempt(client, camille.email, "faux") == 200
    assert attempt(client, camille.email, PASSWORD) == 302


def test_the_lock_lifts_after_the_cool_off(client: Client, camille: User) -> None:
    for _ in range(5):
        attempt(client, camille.email, "faux")
    assert attempt(client, camille.email, PASSWORD) == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt(client, camille.email, PASSWORD) == 302


def test_guessing_unknown_accounts_is_counted_and_journaled(client: Client, db: None) -> None:
    for _ in range(5):
        attempt(client, "personne@example.org", "faux")
    assert attempt(client, "personne@example.org", "faux") == 429
    assert LoginEvent.objects.filter(email="personne@example.org", user=None).count() >= 5


def test_the_journal_keeps_logins_and_logouts_without_secrets(
    client: Client, camille: User
) -> None:
    attempt(client, camille.email, PASSWORD)
    client.post(reverse("accounts:logout"))
    kinds = list(camille.login_events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [Kind.LOGIN, Kind.LOGOUT]
    stored = " ".join(
        str(v) for row in LoginEvent.objects.values_list() for v in row if v is not None
    )
    assert PASSWORD not in stored


def through_proxy(client: Client, email: str, password: str, forwarded: str) -> int:
    """A login as it reaches the application behind one reverse proxy (socket: the proxy)."""
    response = client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code


def test_behind_a_proxy_the_client_address_counts_not_the_proxys(
    client: Client, camille: User, settings: Any
) -> None:
    """The attack: with CITEDUC_PROXY_COUNT ignored, every login came from the proxy's address,
    so one attacker's failures locked everyone out. The address the proxy appended is used; what
    the client wrote to the left of it is not believed."""
    settings.CITEDUC_PROXY_COUNT = 1
    attacker = "203.0.113.66, 198.51.100.9"  # a forged entry, then the proxy's true one
    for _ in range(5):
        through_proxy(client, camille.email, "faux", attacker)
    failed = LoginEvent.objects.filter(kind=Kind.FAILED)
    assert set(failed.values_list("ip_address", flat=True)) == {"198.51.100.9"}
    assert through_proxy(client, camille.email, PASSWORD, attacker) == 429
    # Camille, at her own address behind the same proxy, still gets in.
    assert through_proxy(Client(), camille.email, PASSWORD, "192.0.2.44") == 302
    # Forging the entry the proxy writes is not possible: changing the left part changes nothing.
    assert through_proxy(Client(), camille.email, PASSWORD, "192.0.2.44, 198.51.100.9") == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(
    client: Client, camille: User, settings: Any
) -> None:
    settings.CITEDUC_PROXY_COUNT = 0
    through_proxy(client, camille.email, "faux", "198.51.100.9")
    assert LoginEvent.objects.get(kind=Kind.FAILED).ip_address == "10.0.0.1"


def test_password_spraying_from_one_address_is_stopped(
    client: Client, db: None, settings: Any
) -> None:
    """One wrong password on each of many accounts never reaches any account's own limit; past
    the per-address limit, that address may try no account at all (another address may)."""
    settings.CITEDUC_ADDRESS_FAILURE_LIMIT = 8
    victims = UserFactory.create_batch(9)
    for victim in victims[:8]:
        assert attempt(client, victim.email, "Printemps2026!") == 200
    assert attempt(client, victims[8].email, PASSWORD) == 429
    assert (
        "tous comptes confondus"
        in client.post(
            reverse("accounts:login"),
            {"username": victims[8].email, "password": PASSWORD},
            REMOTE_ADDR="203.0.113.7",
        ).content.decode()
    )
    assert attempt(Client(), victims[8].email, PASSWORD, address="198.51.100.20") == 302
