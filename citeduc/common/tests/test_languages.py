"""The public side in four languages (issue 28): French at its address, FALC, English and Arabic
behind theirs; partners' pages in French only; the choice kept; the catalogs complete and
compiled."""

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from citeduc.common.page_cache import HEADER
from tests.support.commits import commit
from tests.support.world import World

LOCALE = Path(settings.BASE_DIR) / "locale"
OTHER = [("en", "en", "ltr"), ("ar", "ar", "rtl"), ("fr-falc", "fr", "ltr")]
H1 = {
    "fr": "Annuaire des acteurs éducatifs",
    "en": "Directory of educational services",
    "ar": "دليل الجهات التربوية",
    "fr-falc": "Trouver une aide pour votre enfant",
}


def opening(html: str) -> str:
    found = re.search(r"<html[^>]*>", html)
    assert found is not None
    return found.group(0)


@pytest.mark.parametrize(("code", "lang", "direction"), [("fr", "fr", "ltr"), *OTHER])
def test_the_directory_answers_in_each_language(
    client: Client, world: World, code: str, lang: str, direction: str
) -> None:
    prefix = "" if code == "fr" else f"/{code}"
    response = client.get(f"{prefix}/annuaire/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in opening(html) and f'dir="{direction}"' in opening(html)
    assert f"<h1>{H1[code]}</h1>" in html
    # The links of the page stay in its language; the switcher offers the three others.
    assert f'href="{prefix}/annuaire/"' in html
    for other, _name in settings.LANGUAGES:
        assert f'href="/langue/{other}/?suivant={prefix}/annuaire/"' in html


def test_a_service_page_is_translated_around_its_french_content(
    client: Client, world: World
) -> None:
    service = world.own.service
    with translation.override("fr"):
        url = service.get_absolute_url()
    html = client.get(f"/en{url}").content.decode()
    assert "<h2>For whom</h2>" in html and "<h2>Pour qui</h2>" not in html
    # The content itself: French until it is translated, and said to be French (RGAA 8.7).
    assert f'<h1 lang="fr" dir="ltr">{service.name}</h1>' in html
    french = client.get(url).content.decode()
    assert f"<h1>{service.name}</h1>" in french


def test_a_partners_page_asked_in_another_language_goes_to_its_french_address(
    client: Client, world: World
) -> None:
    client.force_login(world.users["coordination"])
    with translation.override("fr"):
        url = reverse("funding:programmation", args=[world.cite.slug, 2025])
    response = client.get(f"/en{url}?x=1")
    assert response.status_code == 302 and response["Location"] == f"{url}?x=1"
    assert client.get(url).status_code == 200


def test_the_choice_is_kept_and_brings_back_to_the_chosen_language(
    client: Client, world: World
) -> None:
    response = client.get("/langue/ar/", {"suivant": "/en/annuaire/?q=sport&page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/annuaire/?q=sport&page=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    # Back at a French address of a translated page: sent to Arabic; a partner's page is not.
    assert client.get("/annuaire/?q=sport")["Location"] == "/ar/annuaire/?q=sport"
    assert client.get("/connexion/").status_code == 200
    # A form sent to a French address is never redirected (what it carries would be lost).
    assert client.post("/annuaire/").status_code != 302
    # Choosing French again ends the redirects.
    client.get("/langue/fr/", {"suivant": "/ar/annuaire/"})
    assert client.get("/annuaire/").status_code == 200


@pytest.mark.parametrize(
    "away", ["https://evil.example/annuaire/", "//evil.example/", "javascript:x"]
)
def test_the_switcher_never_sends_elsewhere(client: Client, world: World, away: str) -> None:
    response = client.get("/langue/en/", {"suivant": away})
    assert response["Location"] == "/en/"


def test_an_unknown_language_is_french(client: Client, world: World) -> None:
    response = client.get("/langue/xx/", {"suivant": "/annuaire/"})
    assert response["Location"] == "/annuaire/"
    assert client.get("/xx/annuaire/").status_code == 404


def test_kept_pages_are_kept_per_language(client: Client, world: World) -> None:
    commit()  # the world's writes done, as for a visitor after them
    client.get("/annuaire/")
    client.get("/en/annuaire/")
    french, english = client.get("/annuaire/"), client.get("/en/annuaire/")
    assert french[HEADER] == english[HEADER] == "gardée"
    assert H1["fr"] in french.content.decode() and H1["en"] in english.content.decode()


def test_the_map_speaks_the_pages_language(client: Client, world: World) -> None:
    catalog = client.get("/ar/jsi18n/").content.decode()
    assert "\\u0641\\u064a \\u0627\\u0644\\u0645\\u0646\\u0637\\u0642\\u0629" in catalog or (
        "في المنطقة الظاهرة" in catalog
    )
    assert "nplurals=6" in catalog.replace(" ", "") or "n==0" in catalog


def test_hours_and_ages_follow_the_language() -> None:
    from citeduc.directory.contact import hours_in_words

    with translation.override("en"):
        assert hours_in_words("Mo-Fr 09:00-12:00") == (
            "From Monday to Friday: 9:00 AM – 12:00 PM.",
        )
    with translation.override("fr"):
        french = hours_in_words("Mo-Fr 09:00-12:00")
    assert "lundi" in french[0].lower()


# --- the catalogs -------------------------------------------------------------------------


def _msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        message = "msgfmt (paquet Debian gettext) est nécessaire pour vérifier les catalogues"
        if os.environ.get("CITEDUC_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_there_is_a_catalog_per_language_and_domain() -> None:
    assert {(p.parent.parent.name, p.stem) for p in CATALOGS} == {
        (language, domain)
        for language in ("en", "ar", "fr_Falc")
        for domain in ("django", "djangojs")
    }


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_each_catalog_is_whole_well_formed_and_compiled(po: Path, tmp_path: Path) -> None:
    """Every message translated (none empty, none fuzzy), the placeholders of each kept
    (msgfmt --check-format), and the committed .mo is what the .po compiles to."""
    compiled = tmp_path / "fresh.mo"
    run = subprocess.run(
        [_msgfmt(), "--check-format", "--statistics", "-o", str(compiled), str(po)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert run.returncode == 0, run.stderr
    assert "untranslated" not in run.stderr and "fuzzy" not in run.stderr, run.stderr
    with compiled.open("rb") as fresh, po.with_suffix(".mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == (  # type: ignore[attr-defined]
            gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
        ), "locale : lancez `make messages` et ajoutez les .mo"


def test_the_calls_for_projects_speak_the_language_of_their_readers(
    client: Client, world: World
) -> None:
    with translation.override("fr"):
        url = reverse("funding:call_list", args=[world.cite.slug])
    assert "<h1>Calls for projects — " in client.get(f"/en{url}").content.decode()
    assert "<h1>دعوات تقديم المشاريع — " in client.get(f"/ar{url}").content.decode()
    assert "<h1>Appels à projets — " in client.get(url).content.decode()


def test_a_cites_public_page_in_arabic(client: Client, world: World) -> None:
    with translation.override("fr"):
        url = world.cite.get_absolute_url()
    html = client.get(f"/ar{url}").content.decode()
    assert 'dir="rtl"' in opening(html)
    assert '<h2 id="qpv">الأحياء ذات الأولوية</h2>' in html
    # The Cité's own words (its schools' kinds, its name) stay French and say so.
    assert '<h2 id="qpv">Quartiers prioritaires</h2>' in client.get(url).content.decode()
