import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError

ROOT = Path(settings.BASE_DIR)
SHARED = ROOT.parent / "shared"


def read_settings(**env: str) -> str:
    """Import the settings in a fresh interpreter with the given environment."""
    code = (
        "import json; from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(json.dumps([d['ENGINE'], d.get('CONN_HEALTH_CHECKS'),"
        " s.TIME_ZONE, s.LANGUAGE_CODE]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout + result.stderr


def test_sqlite_by_default_postgres_with_database_url() -> None:
    assert '["django.db.backends.sqlite3", true, "Europe/Paris", "fr"]' in read_settings()
    assert '["django.db.backends.sqlite3", true' in read_settings(DATABASE_URL="")
    out = read_settings(DATABASE_URL="postgres://u:p@127.0.0.1:5432/citeduc")
    assert '["django.db.backends.postgresql", true, "Europe/Paris", "fr"]' in out


def test_production_refuses_to_start_without_a_secret_key() -> None:
    out = read_settings(CITEDUC_DEBUG="0", CITEDUC_ALLOW_DEV_SECRET="0", CITEDUC_SECRET_KEY="")
    assert "CITEDUC_SECRET_KEY est obligatoire" in out


def test_every_setting_read_from_the_environment_is_documented() -> None:
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    import re

    names = set(re.findall(r'"((?:CITEDUC|DATABASE)_[A-Z_]+)"', source))
    assert names, "settings.py should read CITEDUC_* variables"
    missing = sorted(name for name in names if f"{name}=" not in example)
    assert not missing, f"variables absentes de .env.example : {missing}"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not next to this checkout")
def test_reference_copy_is_identical_to_shared_standards() -> None:
    comparison = filecmp.dircmp(SHARED / "standards", ROOT / "reference" / "standards")
    pending = [comparison]
    while pending:
        current = pending.pop()
        assert not current.left_only and not current.right_only and not current.diff_files, (
            current.left
        )
        pending.extend(current.subdirs.values())
    for seed in (SHARED / "seed").glob("*.txt"):
        assert filecmp.cmp(seed, ROOT / "reference" / "seed" / seed.name, shallow=False)


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_it_was_given() -> None:
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_table_tag_draws_the_dsfr_frame_and_refuses_bad_arguments() -> None:
    html = Template(
        '{% load citeduc_tags %}{% table "caption-hidden" %}'
        "<caption>{{ c }}</caption>{% endtable %}"
    ).render(Context({"c": "Écoles & collèges"}))
    assert html.startswith(
        '<div class="fr-table fr-table--no-caption"><div class="fr-table__wrapper">'
    )
    assert 'tabindex="0"' in html and "<caption>Écoles &amp; collèges</caption></table>" in html
    with pytest.raises(TemplateSyntaxError, match="usage"):
        Template('{% load citeduc_tags %}{% table "autre" %}{% endtable %}')
