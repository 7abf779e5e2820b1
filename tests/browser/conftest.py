"""A real headless Chromium (Debian's, never a downloaded one) driven by Playwright.

Two kinds of browser tests:
- page checks read the demo and change nothing that matters: the demo is written once per
  module, served by one live server, and each role logs in once (`site`, `page_as`);
- journeys change data (logging in for the first time, locking an account out, a grant's whole
  life): each gets the demo written for itself and the database emptied after it (`fresh_demo`
  with pytest-django's `live_server`).
"""

import os
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from citeduc.demo.loading import DemoResult, load_demo
from tests.support.browser import (
    CHROMIUM,
    LAUNCH_ARGS,
    Site,
    demo_claim,
    demo_job,
    draft_amendment,
    watched_page,
)
from tests.support.world import REQUIRE_ALL

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls the
# fixtures make there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"Chromium introuvable : {CHROMIUM} (apt-get install chromium)"
        if REQUIRE_ALL:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a fresh context; whatever the test did, no script, style or frame was
    blocked by the Content Security Policy."""
    context = browser.new_context(locale="fr-FR")
    page, blocked = watched_page(context)
    yield page
    context.close()
    assert blocked == [], "bloqué par la politique de sécurité du contenu"


@pytest.fixture
def fresh_demo(transactional_db: None) -> DemoResult:
    """The demo written (committed) for one journey that changes it; the database is emptied
    after the test, as for any transactional test."""
    return load_demo(with_accounts=True)


@pytest.fixture(scope="module")
def site(
    browser: Browser, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[Site]:
    """The demo, written once for the module and served by one live server, with the demo
    accounts that the page checks use already logged in; the database is emptied at the end of
    the module."""
    with django_db_blocker.unblock():
        load_demo(with_accounts=True)
        draft_amendment()
        demo_job()
        demo_claim()
        server = LiveServer("localhost:0")
        server._live_server_modified_settings.enable()
        site = Site(server.url, browser)
        # Logged in now, outside any test: a test's own writes are rolled back after it (the
        # module's tests carry the django_db mark), and a session must outlive the test.
        for account in ("anonyme", "coordination", "national"):
            site.context(account)
        try:
            yield site
        finally:
            for context in site.contexts.values():
                context.close()
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def page_as(site: Site) -> Iterator[Callable[[str], Page]]:
    """`page_as("coordination")`: a new page of that demo account's context ("anonyme" for a
    visitor); at the end of the test, nothing was blocked by the Content Security Policy."""
    opened: list[tuple[Page, list[str]]] = []

    def open_page(account: str) -> Page:
        opened.append(watched_page(site.context(account)))
        return opened[-1][0]

    yield open_page
    blocked = [text for page, texts in opened for text in texts]
    for page, _ in opened:
        page.close()
    assert blocked == [], "bloqué par la politique de sécurité du contenu"
