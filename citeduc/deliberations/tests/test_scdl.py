"""R-DELIB-5: the SCDL Délibérations export of the demo validates; what it lacks stops it."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from citeduc.common.scdl import rows_of
from citeduc.deliberations.models import Council, Deliberation
from citeduc.deliberations.scdl import custom_errors, validate
from citeduc.demo.loading import DemoResult

pytestmark = pytest.mark.django_db


def test_custom_checks_catch_what_frictionless_does_not() -> None:
    good = {
        "COLL_SIRET": "21250056500008",
        "DELIB_DATE": "2025-03-13",
        "DELIB_MATIERE_CODE": "7.5",
        "DELIB_MATIERE_NOM": "Finances locales/Subventions",
        "BUDGET_ANNEE": "",
        "BUDGET_NOM": "",
        "PREF_DATE": "",
        "VOTE_EFFECTIF": "55",
        "VOTE_REEL": "50",
        "VOTE_POUR": "44",
        "VOTE_CONTRE": "2",
        "VOTE_ABSTENTION": "4",
    }
    assert custom_errors([good]) == []
    bad = {
        **good,
        "COLL_SIRET": "21250056500009",
        "VOTE_REEL": "60",
        "DELIB_MATIERE_NOM": "Finances locales/Emprunts",
        "PREF_DATE": "2025-03-01",
    }
    errors = " | ".join(custom_errors([bad]))
    assert "clé de Luhn" in errors and "VOTE_EFFECTIF (55) < VOTE_REEL (60)" in errors
    assert "VOTE_REEL (60) ≠" in errors and "ne correspond pas au code 7.5" in errors
    assert "PREF_DATE précède DELIB_DATE" in errors


class TestOnTheDemo:
    """The Besançon demo, loaded once for these tests."""

    def test_the_demo_exports_and_validates(self, tmp_path: Path, demo: DemoResult) -> None:
        output = tmp_path / "deliberations.csv"
        call_command(
            "export_scdl_deliberations", "--council", "21250056500008", "--output", str(output)
        )
        text = output.read_text(encoding="utf-8")
        assert validate(text) == []
        [row] = rows_of(text)
        assert row["DELIB_ID"] == "007788" and row["DELIB_DATE"] == "2024-12-12"
        assert (row["VOTE_EFFECTIF"], row["VOTE_REEL"], row["VOTE_POUR"]) == ("55", "54", "54")
        assert row["DELIB_MATIERE_NOM"].endswith("/Politique de la ville-habitat-logement")
        # The demo links it to the Cité and the convention it authorises.
        deliberation = Deliberation.objects.get()
        assert deliberation.cite is not None and deliberation.cite.slug == "besancon"
        assert deliberation.authorises == "Convention cadre de la Cité éducative 2024-2026"

    def test_a_deliberation_without_siret_or_subject_stops_the_export(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        Council.objects.update(siret="")
        Deliberation.objects.update(subject_code="")
        output = tmp_path / "deliberations.csv"
        with pytest.raises(CommandError) as error:
            call_command("export_scdl_deliberations", "--output", str(output))
        message = str(error.value)
        assert "n° 007788" in message and "SIRET" in message and "code matière ACTES" in message
        assert not output.exists()
