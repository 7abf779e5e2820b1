"""Every page in a real browser, checked by axe-core (zero serious or critical violation) and its
served HTML by the Nu HTML Checker (zero error).

The demo is written once for this module and served by one live server; each demo account logs
in once (conftest's `site`). Flows that change data are in test_journeys.py."""

import pytest
from django.urls import reverse

from tests.support.access import (
    AUTHENTICATED,
    CLASSIFICATION,
    CONTROLLERS,
    CURATORS,
    EDITORS,
    LOGIN,
    MEMBERS,
    NATIONAL,
    PARTNERS,
    PUBLIC,
)
from tests.support.browser import PageAs, Site, blocking_violations, url_of, watched_page
from tests.support.vnu import html_errors

# django_db: each test runs in a transaction rolled back after it (on SQLite the live server
# shares the test's connection, so what a page writes is rolled back too).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Pages a person opens in a browser, straight from the access matrix: a new page is checked here
# as soon as it is classified there.
PAGES = sorted(name for name, (policy, _) in CLASSIFICATION.items() if policy in {PUBLIC, LOGIN})
MEMBER_PAGES = sorted(
    name
    for name, (policy, _) in CLASSIFICATION.items()
    if policy in {MEMBERS, PARTNERS, EDITORS, CURATORS, CONTROLLERS, AUTHENTICATED}
)


@pytest.mark.parametrize("name", PAGES)
def test_public_page_passes_axe(page_as: PageAs, site: Site, name: str) -> None:
    page = page_as("anonyme")
    response = page.goto(site.url + url_of(name))
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.title().endswith("citeduc")
    assert page.locator("main h1").count() == 1
    assert blocking_violations(page) == []
    assert html_errors(response.text()) == []


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_page_passes_axe(page_as: PageAs, site: Site, name: str) -> None:
    page = page_as("coordination")
    response = page.goto(site.url + url_of(name))
    assert response is not None and response.status == 200
    assert blocking_violations(page) == []
    assert html_errors(response.text()) == []


def test_the_calendar_link_page_passes_axe(page_as: PageAs, site: Site) -> None:
    """Reached by a button (a POST) from the security page, so not in the lists above."""
    page = page_as("coordination")
    page.goto(site.url + reverse("accounts:security"))
    page.get_by_role("button", name="lien d'agenda").first.click()
    page.locator("main h1").wait_for()
    assert page.locator("main h1").inner_text() == "Votre lien d'agenda"
    assert "jeton=cal_" in page.locator("main code").first.inner_text()
    assert blocking_violations(page) == []


NATIONAL_PAGES = sorted(name for name, (policy, _) in CLASSIFICATION.items() if policy == NATIONAL)


@pytest.mark.parametrize("name", NATIONAL_PAGES)
def test_national_page_passes_axe(page_as: PageAs, site: Site, name: str) -> None:
    page = page_as("national")
    response = page.goto(site.url + url_of(name) + "?annee=2025")
    assert response is not None and response.status == 200
    assert blocking_violations(page) == []
    assert html_errors(response.text()) == []


def test_not_found_page_passes_axe(page_as: PageAs, site: Site) -> None:
    page = page_as("anonyme")
    response = page.goto(site.url + "/cites/inconnue/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert blocking_violations(page) == []
    assert html_errors(response.text()) == []


def test_bad_request_page_passes_axe(page_as: PageAs, site: Site) -> None:
    page = page_as("anonyme")
    response = page.goto(site.url + reverse("directory:search") + "?q=%00")
    assert response is not None and response.status == 400
    assert page.locator("h1").inner_text() == "Requête incorrecte"
    assert "caractère nul" in page.locator("main").inner_text()
    assert blocking_violations(page) == []
    assert html_errors(response.text()) == []


def test_cite_map_draws_the_six_qpv_without_network(page_as: PageAs, site: Site) -> None:
    # The tile server is out of reach here, as on a closed network: contours must still draw.
    page = page_as("anonyme")
    page.goto(site.url + url_of("territory:cite_detail"))
    page.wait_for_selector("#cite-map[data-ready='true']")
    assert page.locator("#cite-map path.leaflet-interactive").count() == 6
    rows = page.locator("section[aria-labelledby='qpv'] tbody tr")
    assert rows.count() == 6


def test_the_api_documentation_works_from_our_own_files(site: Site) -> None:
    """The finding: /api/docs loaded Swagger UI from a CDN, which the CSP blocks; the page was
    blank. It now comes from our static files, with no request leaving the site."""
    context = site.context("anonyme")
    page, blocked = watched_page(context)
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if not request.url.startswith(site.url) else None
        ),
    )
    page.goto(site.url + reverse("api:openapi-view"))
    page.locator(".swagger-ui .info .title").wait_for()
    assert "citeduc" in page.locator(".swagger-ui .info .title").inner_text().lower()
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert elsewhere == [] and blocked == []
    page.close()


def test_map_tooltips_show_names_as_text(page_as: PageAs, site: Site) -> None:
    """A name holding markup (typed into a QPV or a school) shows as typed, never as HTML: the
    finding was that tooltips inserted names as HTML (the CSP stopped scripts, not markup)."""
    page = page_as("anonyme")
    page.goto(site.url + url_of("territory:cite_detail"))
    page.wait_for_selector("#cite-map[data-ready='true']")
    script = page.locator("script[src*='cite_map']").get_attribute("src")
    assert script
    page.evaluate(
        """() => {
          const block = document.getElementById("cite-map-data");
          const data = JSON.parse(block.textContent);
          data.tiles = null;
          data.establishments = [];
          data.qpvs = [Object.assign(data.qpvs[0], {name: "<b>Quartier</b><img src=x>"})];
          block.textContent = JSON.stringify(data);
          const fresh = document.createElement("div");
          fresh.id = "cite-map";
          fresh.style.height = "320px";
          document.getElementById("cite-map").replaceWith(fresh);
        }"""
    )
    page.add_script_tag(url=site.url + script)
    page.wait_for_selector("#cite-map[data-ready='true']")
    page.locator("#cite-map path.leaflet-interactive").first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "<b>Quartier</b><img src=x>" in tooltip.inner_text()
    assert tooltip.locator("b, img").count() == 0


def test_directory_map_shows_keyboard_reachable_markers_without_network(
    page_as: PageAs, site: Site
) -> None:
    page = page_as("anonyme")
    page.goto(site.url + reverse("directory:search") + "?q=parentalite")
    # Shown, the map asks the server for the places of the area on screen, with the criteria.
    with page.expect_response(
        lambda r: "/annuaire/carte.json?q=parentalite&zone=" in r.url and r.status == 200
    ):
        page.get_by_role("tab", name="Carte").click()
    page.wait_for_selector("#directory-map[data-ready='true']")
    assert "dans la zone affichée" in page.locator("#carte-etat").inner_text()
    markers = page.locator("#directory-map .citeduc-marker")
    assert markers.count() >= 1
    first = markers.first
    assert first.get_attribute("tabindex") == "0"
    assert first.get_attribute("aria-label")
    first.focus()
    page.keyboard.press("Enter")
    # Every service here sits at a QPV centre: Enter opens the list of that place's services.
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert popup.locator("a[href^='/annuaire/services/']").count() >= 1
    assert "Position approximative" in popup.inner_text()
    assert blocking_violations(page) == []


def test_directory_search_by_typing(page_as: PageAs, site: Site) -> None:
    page = page_as("anonyme")
    page.goto(site.url + reverse("directory:search"))
    page.get_by_label("Rechercher").fill("parentalite")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert "Café des parents" in page.content()
    assert page.get_by_label("Rechercher").input_value() == "parentalite"


WORDS = {  # what each language's directory page and service page say
    "fr": ("services trouvés", "Pour qui", "dans la zone affichée"),
    "fr-falc": ("aides trouvées", "Pour qui", "sur la carte"),
    "en": ("services found", "For whom", "in the area on screen"),
    "ar": ("خدمات", "لمن", "في المنطقة الظاهرة"),
}


@pytest.mark.parametrize("code", list(WORDS))
def test_the_directory_and_a_service_in_each_language(site: Site, code: str) -> None:
    """A family on a phone: the directory, its map and a service in their language, laid out
    right to left in Arabic, chosen from the switcher of the French page and kept."""
    context = site.browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site.url + reverse("directory:search") + "?q=parentalite")
        if code != "fr":
            page.get_by_role("button", name="Menu").first.click()
            # On a phone the DSFR shows the header's tools, the switcher with them, in the menu.
            page.locator(".fr-translate__btn:visible").first.click()
            page.locator(f"a.fr-translate__language[href^='/langue/{code}/']:visible").click()
            page.wait_for_load_state()
            assert page.url.startswith(f"{site.url}/{code}/annuaire/?q=parentalite"), page.url
        found, for_whom, on_screen = WORDS[code]
        html = page.locator("html")
        assert html.get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
        assert html.get_attribute("lang") == {"fr-falc": "fr"}.get(code, code)
        assert found in page.locator("#resultats").inner_text()
        logo = page.locator(".fr-header__logo").bounding_box()
        assert logo is not None
        # Mirrored in Arabic: the State's block moves to the right of the phone's screen.
        assert (logo["x"] > 195) == (code == "ar"), logo
        assert blocking_violations(page) == []
        page.get_by_role("tab").nth(1).click()
        page.wait_for_selector("#directory-map[data-ready='true']")
        assert on_screen in page.locator("#carte-etat").inner_text()
        page.get_by_role("tab").nth(0).click()
        page.locator(".fr-card__title a").first.click()
        page.wait_for_load_state()
        assert for_whom in [h.inner_text() for h in page.locator("h2").all()]
        assert blocking_violations(page) == []
        # The choice is kept: the French address of the directory brings the same language.
        page.goto(site.url + reverse("directory:search"))
        assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    finally:
        context.close()
