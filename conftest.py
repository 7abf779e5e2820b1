"""Fixtures shared by every test. Settings of the test run are in config/settings_test.py; the
helpers these fixtures build on are in tests/support/."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from django.apps import AppConfig
from django.db import connection, connections, transaction
from django.db.models.signals import post_migrate
from pytest_django import DjangoDbBlocker

from citeduc.accounts.models import User
from citeduc.demo.loading import DemoResult, load_demo
from citeduc.territory.models import CiteEducative
from tests.support.world import World, make_world


@pytest.fixture(autouse=True)
def _no_kept_pages() -> None:
    """Versions of the data and the pages kept under them live in this process's memory: a test
    starts with none, whatever the test before it rendered on data since rolled back."""
    from django.core.cache import caches

    caches["figures"].clear()


@pytest.fixture(autouse=True)
def _french_to_begin_with() -> None:
    """Each test starts in French, the language of every address without a prefix: a request in
    another language leaves its language active in the thread, as a server thread would until
    its next request, and `reverse()` would then give that language's addresses."""
    from django.utils import translation

    translation.activate("fr")


@pytest.fixture(autouse=True)
def _verified_force_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login` skips the login form, so it skips the second factor too: the session
    it opens counts as verified by the account's app, as after a real login with its code. The
    second factor itself is tested through the forms (accounts/tests/test_second_factor.py)."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    original = ClientMixin.force_login

    def force_login(self: ClientMixin, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Application", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """pytest-django's test databases; before they are dropped, any connection a live server's
    request thread left open to one of them is ended (PostgreSQL refuses to drop a database that
    another session uses)."""
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            if connections[alias].vendor == "postgresql":
                with connections[alias].cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )


def _reseed_referentials(sender: AppConfig, **kwargs: object) -> None:
    from citeduc.directory.models import Public, Theme
    from citeduc.directory.referentials import ensure_vocabularies

    if sender.label == "directory":
        ensure_vocabularies(Theme, Public)


@pytest.fixture(scope="session", autouse=True)
def _referentials_survive_a_flush() -> None:
    """The data·inclusion themes and publics come from a data migration. A transactional test
    (a browser journey, the backup) empties the database after it, as the browser page checks do
    at the end of their module; Django then sends post_migrate, and the referentials are written
    again here, so that the tests that come after, in any order, find them."""
    post_migrate.connect(_reseed_referentials, weak=False, dispatch_uid="citeduc-test-referentials")


@contextmanager
def rolled_back() -> Iterator[None]:
    """A transaction that is always rolled back: data built once for several tests, each of
    which runs in a savepoint inside it (what Django's setUpTestData does for a TestCase)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(db: None) -> World:
    """Two Cités and a user per role, built for this test."""
    return make_world()


@pytest.fixture(scope="module")
def _module_world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    with django_db_blocker.unblock(), rolled_back():
        yield make_world()


def still_in_the_shared_transaction() -> None:
    """A test that closes the database connection (a streamed response's `close()` fires the
    end-of-request signal) would break the transaction its neighbours share: say which."""
    assert not connection.closed_in_transaction, (
        "Ce test a fermé la connexion à la base au milieu de la transaction partagée."
    )


@pytest.fixture
def shared_world(_module_world: World, db: None) -> Iterator[World]:
    """The same two-Cité world, built once per module for tests that only read it and write in
    their own savepoint (the access matrix): everything a test writes is rolled back after it.
    A test that changes the world's objects in memory must use `world`."""
    yield _module_world
    still_in_the_shared_transaction()


@pytest.fixture(scope="class")
def _class_demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoResult]:
    with django_db_blocker.unblock(), rolled_back():
        yield load_demo(with_accounts=True)


@pytest.fixture
def demo(_class_demo: DemoResult, db: None) -> Iterator[DemoResult]:
    """The Besançon demo with its accounts, loaded once for the tests of a class (for a test
    outside a class, for that test alone); each test's writes are rolled back after it."""
    yield replace(_class_demo, cite=CiteEducative.objects.get(pk=_class_demo.cite.pk))
    still_in_the_shared_transaction()
