"""Each role reaches every page of its menu from its home by clicking only (never typing an
address), on a wide screen and on a phone, where the menu sits behind its button; no page it
reaches scrolls sideways on a phone, and the homes pass axe-core. The menu is the same on every
page of the Cité, so each click starts from the page the previous one opened.

Pilots and coordination share a menu; on a phone one role of each kind of menu is clicked
through (the widths change the menu's drawing, not its links)."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, ViewportSize
from pytest_django import DjangoDbBlocker

from tests.support.browser import PageAs, Site, blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# One role of each kind of menu is clicked through: the three pilots have the coordination's
# menu and a membre d'instance a part of it (portal/tests/test_home.py checks both, and that
# every link of every role's menu opens); the crawl follows every role's links.
ROLES = ["porteur", "instance", "coordination", "etat", "national"]
CLICKED = ["porteur", "coordination"]  # the national menu is two links, opened by test_home
PHONE_ROLES = ["coordination"]  # the longest menu, behind the phone's "Menu" button
PHONE = ViewportSize(width=390, height=844)
WIDE = ViewportSize(width=1280, height=900)
HOME = "/mon-espace/"


@pytest.fixture(scope="module", autouse=True)
def _logged_in(site: Site, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Every role logs in before the tests, outside their rolled-back transactions, so that
    its session outlives the first test."""
    with django_db_blocker.unblock():
        for role in ROLES:
            site.context(role)
    yield


def menu_of(page: Page) -> list[tuple[str, str, str]]:
    """(section, link label, address) of every link under a section of the main menu."""
    entries = []
    for item in page.locator("#navigation-principale .fr-nav__item").all():
        button = item.locator("button.fr-nav__btn")
        if not button.count():
            continue
        section = (button.text_content() or "").strip()
        for link in item.locator(".fr-menu__list a").all():
            text = (link.text_content() or "").strip()
            entries.append((section, text, link.get_attribute("href") or ""))
    return entries


def click_through(page: Page, section: str, label: str, phone: bool) -> None:
    if phone:
        page.get_by_role("button", name="Menu", exact=True).click()
    nav = page.locator("#navigation-principale")
    nav.get_by_role("button", name=section, exact=True).click()
    with page.expect_navigation():
        nav.get_by_role("link", name=label, exact=True).click()


def reach_every_page(page: Page, site: Site, phone: bool) -> list[str]:
    """Problems met: pages that did not open, or scroll sideways on a phone."""
    page.goto(site.url + HOME)
    entries = menu_of(page)
    assert len(entries) >= 2
    problems = []
    for section, label, href in entries:  # from page to page, as a person would
        click_through(page, section, label, phone)
        if not page.url.endswith(href):
            problems.append(f"{section} › {label} : arrivé sur {page.url}, attendu {href}")
            continue
        if page.locator("main h1").count() != 1:
            problems.append(f"{section} › {label} : pas de titre h1")
        width = page.evaluate("document.documentElement.scrollWidth")
        if phone and width > PHONE["width"]:
            problems.append(f"{section} › {label} : la page fait {width} px de large")
    return problems


@pytest.mark.parametrize("role", CLICKED)
def test_every_menu_page_by_clicking_on_a_wide_screen(
    page_as: PageAs, site: Site, role: str
) -> None:
    page = page_as(role)
    page.set_viewport_size(WIDE)
    assert reach_every_page(page, site, phone=False) == []


@pytest.mark.parametrize("role", PHONE_ROLES)
def test_every_menu_page_by_clicking_on_a_phone(page_as: PageAs, site: Site, role: str) -> None:
    page = page_as(role)
    page.set_viewport_size(PHONE)
    assert reach_every_page(page, site, phone=True) == []


@pytest.mark.parametrize("role", ROLES)
def test_each_home_passes_axe_at_both_widths(page_as: PageAs, site: Site, role: str) -> None:
    page = page_as(role)
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        response = page.goto(site.url + HOME)
        assert response is not None and response.status == 200
        assert blocking_violations(page) == []
    # On a phone the connection links sit behind the menu button.
    page.get_by_role("button", name="Menu", exact=True).click()
    menu = page.locator("#menu-mobile")
    assert menu.get_by_role("button", name="Se déconnecter").is_visible()
