"""django-axes: five failed logins lock the pair (account, address) for the cool-off time."""

from datetime import timedelta

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
