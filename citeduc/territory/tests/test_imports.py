import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from citeduc.territory.enums import EstablishmentKind, PriorityEducation, Sector
from citeduc.territory.models import Commune, Establishment, Qpv
from tests.support.annuaire import annuaire_row, write_annuaire

QPV_DIR = settings.CITEDUC_REFERENCE_DIR / "standards" / "qpv"
# ---- QPV ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_qpv_csv_then_geojson_gives_the_six_besancon_qpv() -> None:
    call_command("import_qpv", str(QPV_DIR / "besancon_qpv_2024.csv"))
    call_command("import_qpv", str(QPV_DIR / "besancon_qpv_2024.geojson"))
    planoise = Qpv.objects.get(code="QN02503M")
    assert Qpv.objects.count() == 6
    assert planoise.name == "Planoise"
    assert planoise.population == 15603  # from the CSV, kept by the GeoJSON import
    assert (
        planoise.contour is not None and planoise.contour["type"] == "MultiPolygon"
    )  # from the GeoJSON
    assert planoise.contains(lat=47.22029, lon=5.9723)
    assert not planoise.contains(lat=47.26213, lon=6.04133)  # Orchamps-Palente's centre
    assert Commune.objects.get(insee_code="25056").name == "Besançon"


@pytest.mark.django_db
def test_import_qpv_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(QPV_DIR / "besancon_qpv_2024.csv")
    call_command("import_qpv", path)
    call_command("import_qpv", path)
    assert "0 créé(s), 0 mis à jour, 6 inchangé(s)" in capsys.readouterr().out
    assert Qpv.objects.count() == 6


@pytest.mark.django_db
def test_import_qpv_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_qpv", str(QPV_DIR / "besancon_qpv_2024.csv"), "--dry-run")
    assert "Simulation (--dry-run), rien n'a été écrit : 6 créé(s)" in capsys.readouterr().out
    assert Qpv.objects.count() == 0
    assert Commune.objects.count() == 0


@pytest.mark.django_db
def test_import_qpv_bad_row_names_the_line_and_writes_nothing(tmp_path: Path) -> None:
    lines = (QPV_DIR / "besancon_qpv_2024.csv").read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("QN02505M", "QN2505M")  # line 5 of the file
    bad = tmp_path / "qpv.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_qpv", str(bad))
    message = str(excinfo.value)
    assert "qpv.csv, ligne 5 : Code QPV mal formé : 'QN2505M'" in message
    assert "rien n'a été écrit" in message
    assert Qpv.objects.count() == 0


@pytest.mark.django_db
def test_import_qpv_names_its_communes_and_refuses_an_overlong_name(tmp_path: Path) -> None:
    Commune.objects.create(insee_code="25056", name="")
    call_command("import_qpv", str(QPV_DIR / "besancon_qpv_2024.csv"))
    assert Commune.objects.get(insee_code="25056").name == "Besançon"
    lines = (QPV_DIR / "besancon_qpv_2024.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Besançon", "B" * 151)
    bad = tmp_path / "qpv.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="qpv.csv, ligne 3 : lib_com : plus de 150 caractères"):
        call_command("import_qpv", str(bad))
    assert Commune.objects.get(insee_code="25056").name == "Besançon"


@pytest.mark.django_db
def test_import_qpv_geojson_bad_feature_is_located(tmp_path: Path) -> None:
    text = (QPV_DIR / "besancon_qpv_2024.geojson").read_text(encoding="utf-8")
    bad = tmp_path / "qpv.geojson"
    bad.write_text(text.replace('"QN02517N"', '"QN-BAD"'), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_qpv", str(bad))
    assert "qpv.geojson, entité n° 6 (ligne 1) : Code QPV mal formé : 'QN-BAD'" in str(
        excinfo.value
    )
    assert Qpv.objects.count() == 0


@pytest.mark.django_db
def test_import_qpv_missing_column_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "qpv.csv"
    bad.write_text("code_qp,lib_qp\nQN02503M,Planoise\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ligne 1 : colonne.*insee_com, lib_com"):
        call_command("import_qpv", str(bad))


@pytest.mark.django_db
def test_import_qpv_invalid_json_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "qpv.geojson"
    bad.write_text('{\n"type": "FeatureCollection",\n"features": [,]\n}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"qpv.geojson, ligne 3 : JSON invalide"):
        call_command("import_qpv", str(bad))


# ---- Annuaire de l'éducation ----------------------------------------------------------------


@pytest.fixture
def besancon_qpv(db: None) -> None:
    call_command("import_qpv", str(QPV_DIR / "besancon_qpv_2024.csv"))
    call_command("import_qpv", str(QPV_DIR / "besancon_qpv_2024.geojson"))


def test_import_annuaire_creates_establishments_with_their_qpv(
    tmp_path: Path, besancon_qpv: None
) -> None:
    path = write_annuaire(
        tmp_path / "annuaire.csv",
        [
            annuaire_row(),
            annuaire_row(
                Identifiant_de_l_etablissement="0250010A",
                Nom_etablissement="Collège de test",
                Type_etablissement="Collège",
                Statut_public_prive="Privé",
                Appartenance_Education_Prioritaire="",
                latitude="",
                longitude="",
                Ecole_maternelle="",
                Ecole_elementaire="",
            ),
        ],
    )
    call_command("import_annuaire_education", str(path))
    school = Establishment.objects.get(uai="0940176F")
    college = Establishment.objects.get(uai="0250010A")
    assert school.kind == EstablishmentKind.ECOLE_ELEMENTAIRE
    assert school.priority_education == PriorityEducation.REP_PLUS
    assert school.qpv is not None and school.qpv.code == "QN02503M"  # inside Planoise's contour
    assert college.kind == EstablishmentKind.COLLEGE
    assert college.sector == Sector.PRIVE
    assert college.priority_education == PriorityEducation.NONE
    assert college.qpv is None and college.latitude is None


def test_import_annuaire_is_idempotent_and_updates(
    tmp_path: Path, besancon_qpv: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_annuaire(tmp_path / "annuaire.csv", [annuaire_row()])
    call_command("import_annuaire_education", str(path))
    call_command("import_annuaire_education", str(path))
    write_annuaire(path, [annuaire_row(Appartenance_Education_Prioritaire="REP")])
    call_command("import_annuaire_education", str(path))
    out = capsys.readouterr().out
    assert "1 créé(s), 0 mis à jour, 0 inchangé(s)" in out
    assert "0 créé(s), 0 mis à jour, 1 inchangé(s)" in out
    assert "0 créé(s), 1 mis à jour, 0 inchangé(s)" in out
    assert Establishment.objects.get().priority_education == PriorityEducation.REP


@pytest.mark.django_db
def test_import_annuaire_one_bad_row_names_each_line_and_writes_nothing(tmp_path: Path) -> None:
    path = write_annuaire(
        tmp_path / "annuaire.csv",
        [
            annuaire_row(),
            annuaire_row(Identifiant_de_l_etablissement="0250010B"),  # line 3: wrong letter
            annuaire_row(Identifiant_de_l_etablissement="0250011B", latitude="quarante-sept"),
        ],
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_annuaire_education", str(path))
    message = str(excinfo.value)
    assert (
        "annuaire.csv, ligne 3 : UAI 0250010B : lettre de contrôle B incorrecte (attendue : A)"
        in message
    )
    assert "annuaire.csv, ligne 4 : latitude n'est pas un nombre : 'quarante-sept'" in message
    assert "2 erreur(s)" in message
    assert Establishment.objects.count() == 0
    assert Commune.objects.count() == 0


@pytest.mark.django_db
def test_import_annuaire_dry_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_annuaire(tmp_path / "annuaire.csv", [annuaire_row()])
    call_command("import_annuaire_education", str(path), "--dry-run")
    assert "Simulation (--dry-run), rien n'a été écrit : 1 créé(s)" in capsys.readouterr().out
    assert Establishment.objects.count() == 0


@pytest.mark.django_db
def test_import_annuaire_filters_communes_ignores_extra_columns_and_reads_without_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        annuaire_row(colonne_inconnue="x"),
        annuaire_row(
            Identifiant_de_l_etablissement="0250010A", Code_commune="25388", colonne_inconnue="y"
        ),
    ]
    path = write_annuaire(tmp_path / "annuaire.csv", rows, bom=False)
    call_command("import_annuaire_education", str(path), "--commune", "25056")
    assert "1 créé(s), 0 mis à jour, 0 inchangé(s), 1 ignoré(s)" in capsys.readouterr().out
    assert list(Establishment.objects.values_list("uai", flat=True)) == ["0940176F"]


@pytest.mark.django_db
def test_import_annuaire_missing_required_column(tmp_path: Path) -> None:
    row = annuaire_row()
    del row["Appartenance_Education_Prioritaire"]
    path = write_annuaire(tmp_path / "annuaire.csv", [row])
    with pytest.raises(CommandError, match="ligne 1 : .*Appartenance_Education_Prioritaire"):
        call_command("import_annuaire_education", str(path))


@pytest.mark.django_db
def test_import_annuaire_duplicate_uai_and_unknown_values(tmp_path: Path) -> None:
    path = write_annuaire(
        tmp_path / "annuaire.csv",
        [
            annuaire_row(),
            annuaire_row(Statut_public_prive="Semi-public"),
            annuaire_row(
                Identifiant_de_l_etablissement="0250010A",
                Appartenance_Education_Prioritaire="REP++",
            ),
        ],
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_annuaire_education", str(path))
    message = str(excinfo.value)
    assert "ligne 3 : Statut_public_prive inconnu : 'Semi-public'" in message
    assert "ligne 4 : Appartenance_Education_Prioritaire inconnue : 'REP++'" in message


@pytest.mark.django_db
def test_import_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_annuaire_education", str(tmp_path / "absent.csv"))


@pytest.mark.django_db
def test_a_windows_1252_file_is_read_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What Excel writes on Windows: read as such, and the person is told."""
    path = tmp_path / "qpv.csv"
    shutil.copy(QPV_DIR / "besancon_qpv_2024.csv", path)
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("cp1252"))
    call_command("import_qpv", str(path))
    assert "encodé en Windows-1252" in capsys.readouterr().out
    assert Qpv.objects.filter(commune__name="Besançon").count() == 6


@pytest.mark.django_db
def test_a_file_in_neither_utf8_nor_windows_1252_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "qpv.csv"
    shutil.copy(QPV_DIR / "besancon_qpv_2024.csv", path)
    # 0x81 means nothing in Windows-1252, and is no UTF-8 sequence either.
    path.write_bytes(path.read_bytes().replace("ç".encode(), b"\x81"))
    with pytest.raises(CommandError, match="ni en UTF-8 ni en Windows-1252"):
        call_command("import_qpv", str(path))
