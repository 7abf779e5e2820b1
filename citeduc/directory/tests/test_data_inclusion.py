import json
from pathlib import Path

import pytest
from data_inclusion.schema import v1
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from citeduc.demo.loading import DemoResult
from citeduc.directory.models import Organisation, Scheme, Service
from citeduc.funding.models import GrantRequest

EXAMPLES = settings.CITEDUC_REFERENCE_DIR / "standards" / "data-inclusion" / "exemples.json"


def export(directory: Path) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    call_command("export_data_inclusion", "--cite", "besancon", "--output", str(directory))
    structures = json.loads((directory / "structures.json").read_text(encoding="utf-8"))
    services = json.loads((directory / "services.json").read_text(encoding="utf-8"))
    return structures, services


def wipe_directory() -> None:
    GrantRequest.objects.all().delete()  # the demo's money points at the demo's organisations
    Scheme.objects.all().delete()
    Service.objects.all().delete()
    Organisation.objects.all().delete()


def test_unreadable_files_are_clear_errors(tmp_path: Path, db: None) -> None:
    (tmp_path / "s.json").write_text('{"pas": "un tableau"}', encoding="utf-8")
    (tmp_path / "v.json").write_text("[\n{,}\n]", encoding="utf-8")
    with pytest.raises(CommandError, match="s.json : un tableau JSON d'objets est attendu"):
        call_command(
            "import_data_inclusion",
            "--structures",
            str(tmp_path / "s.json"),
            "--services",
            str(tmp_path / "s.json"),
        )
    (tmp_path / "s.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match=r"v.json, ligne 2 : JSON invalide"):
        call_command(
            "import_data_inclusion",
            "--structures",
            str(tmp_path / "s.json"),
            "--services",
            str(tmp_path / "v.json"),
        )


class TestOnTheDemo:
    """The Besançon demo's directory, loaded once for these tests (writes rolled back)."""

    def test_export_is_valid_against_the_package_models(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        structures, services = export(tmp_path)
        assert len(structures) == 35 and len(services) == 39  # the seed's, and 2 + 3 made up
        for item in structures:
            v1.Structure.model_validate(item)
        for item in services:
            v1.Service.model_validate(item)
        # The complete (made-up) services carry what a family needs, in data·inclusion's fields.
        complete = [s for s in services if "données de démonstration" in str(s["nom"])]
        assert len(complete) == 3
        for item in complete:
            assert str(item["telephone"]).startswith("+3335301")
            assert str(item["courriel"]).endswith(".example.org")
            assert item["horaires_accueil"] and item["frais"] in {"gratuit", "payant"}
            assert item["modes_mobilisation"] and item["mobilisable_par"]
        on_site = [s for s in complete if s.get("modes_accueil") == ["en-presentiel"]]
        assert len(on_site) == 2 and all(
            s["adresse"] and s["code_postal"] == "25000" and s["latitude"] and s["longitude"]
            for s in on_site
        )
        at_home = next(s for s in complete if s.get("citeduc_a_domicile"))
        assert at_home["citeduc_sur_rendez_vous"] is True and "latitude" not in at_home
        cafe = next(s for s in services if s["nom"] == "Café des parents")
        assert cafe["thematiques"] == [
            "famille--soutien-a-la-parentalite-et-a-leducation",
            "lecture-ecriture-calcul--maitriser-le-francais",
        ]
        assert cafe["citeduc_publics"] == ["educ--parents"]  # ours, outside data·inclusion's field
        anlci = next(s for s in structures if s["id"] == "citeduc-besancon--anlci")
        assert "latitude" not in anlci and anlci["citeduc_position_approximative"] == [
            47.22029,
            5.9723,
        ]

    def test_round_trip_export_import_export_is_identical(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        export(tmp_path / "a")
        wipe_directory()
        call_command(
            "import_data_inclusion",
            "--structures",
            str(tmp_path / "a" / "structures.json"),
            "--services",
            str(tmp_path / "a" / "services.json"),
        )
        export(tmp_path / "b")
        for name in ("structures.json", "services.json"):
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        service = Service.objects.get(external_id="citeduc-besancon--adna--depistage")
        assert [q.code for q in service.qpvs.all()] == ["QN02505M"]
        assert service.organisation.position_approximate

    def test_import_is_idempotent_and_dry_run_writes_nothing(
        self, tmp_path: Path, demo: DemoResult, capsys: pytest.CaptureFixture[str]
    ) -> None:
        export(tmp_path)
        args = [
            "--structures",
            str(tmp_path / "structures.json"),
            "--services",
            str(tmp_path / "services.json"),
        ]
        call_command("import_data_inclusion", *args)
        assert "Services : {'created': 0, 'updated': 0, 'unchanged': 39}" in capsys.readouterr().out
        wipe_directory()
        call_command("import_data_inclusion", *args, "--dry-run")
        assert "rien n'a été écrit" in capsys.readouterr().out
        assert Organisation.objects.count() == 0

    def test_the_reference_example_imports_into_a_cite(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        example = json.loads(EXAMPLES.read_text(encoding="utf-8"))
        (tmp_path / "s.json").write_text(json.dumps([example["structure"]]), encoding="utf-8")
        (tmp_path / "v.json").write_text(json.dumps([example["service"]]), encoding="utf-8")
        call_command(
            "import_data_inclusion",
            "--structures",
            str(tmp_path / "s.json"),
            "--services",
            str(tmp_path / "v.json"),
            "--cite",
            "besancon",
        )
        service = Service.objects.get(external_id="cite-educative-besancon--svc-0001")
        assert service.organisation.cite.slug == "besancon"
        assert (
            service.organisation.latitude == 47.2203
            and not service.organisation.position_approximate
        )
        assert "famille--soutien-a-la-parentalite-et-a-leducation" in service.themes.values_list(
            "code", flat=True
        )

    def test_an_invalid_item_names_index_and_field_and_nothing_is_written(
        self, tmp_path: Path, demo: DemoResult
    ) -> None:
        structures, services = export(tmp_path)
        services[2]["nom"] = "ab"
        services[5]["citeduc_qpv"] = ["QN99999Z"]
        services[7]["structure_id"] = "inconnue"
        (tmp_path / "services.json").write_text(json.dumps(services), encoding="utf-8")
        wipe_directory()
        with pytest.raises(CommandError) as excinfo:
            call_command(
                "import_data_inclusion",
                "--structures",
                str(tmp_path / "structures.json"),
                "--services",
                str(tmp_path / "services.json"),
            )
        message = str(excinfo.value)
        assert (
            "services.json, élément n° 2, champ nom : String should have at least 3 characters"
            in message
        )
        assert (
            "services.json, élément n° 5, champ citeduc_qpv : code(s) inconnu(s) : QN99999Z"
            in message
        )
        assert (
            "services.json, élément n° 7, champ structure_id : structure inconnue 'inconnue'"
            in message
        )
        assert "rien n'a été écrit" in message
        assert Organisation.objects.count() == 0
