"""Browser and transport protections: CSP with a nonce per response and no inline script,
HTTPS redirect and HSTS outside DEBUG, and `check --deploy` clean with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from citeduc.territory.tests.factories import CiteFactory

# A reader nobody here wrote checks an output; what it reads does not depend on the database
# engine: it runs once, in the PostgreSQL pass (docs/tests.md).
pytestmark = pytest.mark.pg_only

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


def csp_of(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "cite", "directory", "login"])
def test_every_script_carries_the_nonce_of_its_response(client: Client, page: str) -> None:
    cite = CiteFactory.create()
    url = {
        "home": reverse("home"),
        "cite": reverse("territory:cite_detail", args=[cite.slug]),
        "directory": reverse("directory:search"),
        "login": reverse("accounts:login"),
    }[page]
    response = client.get(url)
    policy = csp_of(response)
    nonces = [v for v in policy["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert "'unsafe-inline'" not in " ".join(sum(policy.values(), []))
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    scripts = SCRIPT.findall(html)
    assert scripts, "la page doit charger au moins le DSFR"
    for attributes, body in scripts:
        if 'type="application/json"' in attributes:
            continue  # data for a script, never run
        assert f'nonce="{nonce}"' in attributes, attributes
        assert "src=" in attributes and not body.strip(), "aucun script en ligne"
    assert not re.search(r"\son[a-z]+=", html), "aucun gestionnaire d'événement en ligne"
    # A new response, a new nonce.
    assert csp_of(client.get(url))["script-src"] != policy["script-src"]


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_and_hsts_is_set(settings: pytest.FixtureRequest) -> None:
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    plain = Client().get(reverse("home"))
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    secure = Client().get(reverse("home"), secure=True)
    assert secure.status_code == 200
    assert "max-age=31536000" in secure["Strict-Transport-Security"]
    assert "includeSubDomains" in secure["Strict-Transport-Security"]
    assert secure["X-Frame-Options"] == "DENY"
    assert secure["X-Content-Type-Options"] == "nosniff"
    assert secure["Referrer-Policy"] == "same-origin"


def test_session_cookies_are_secure_and_short_lived_outside_debug() -> None:
    assert not django_settings.DEBUG
    assert django_settings.SESSION_COOKIE_SECURE and django_settings.CSRF_COOKIE_SECURE
    assert django_settings.SESSION_COOKIE_HTTPONLY
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def production_env(folder: Path, **extra: str) -> dict[str, str]:
    # Nothing of the test run: its CITEDUC_* settings, its settings module (pytest-django names
    # config.settings_test), nor the browser tests' async switch.
    # The SQLite file goes in a folder of the test's own: a clean checkout has no var/.
    test_only = ("CITEDUC_", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    env.update(
        CITEDUC_SQLITE_PATH=str(folder / "citeduc.sqlite3"),
        CITEDUC_DEBUG="0",
        CITEDUC_SECRET_KEY=secrets.token_urlsafe(50),
        CITEDUC_ALLOWED_HOSTS="citeduc.example.gouv.fr",
        CITEDUC_SITE_URL="https://citeduc.example.gouv.fr",
        **extra,
    )
    if "DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_a_protection_is_turned_off(tmp_path: Path) -> None:
    """The test above can fail: without the HTTPS redirect, Django's check complains."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path, CITEDUC_SSL_REDIRECT="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
