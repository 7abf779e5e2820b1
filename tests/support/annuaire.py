"""Files in the shape of the official Annuaire de l'éducation export (its 71 columns)."""

import csv
from pathlib import Path

from django.conf import settings

ANNUAIRE_COLUMNS = [
    row["column"]
    for row in csv.DictReader(
        (settings.CITEDUC_REFERENCE_DIR / "standards" / "annuaire-education" / "columns.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
]


def annuaire_row(**overrides: str) -> dict[str, str]:
    row = dict.fromkeys(ANNUAIRE_COLUMNS, "")
    row.update(
        Identifiant_de_l_etablissement="0940176F",
        Nom_etablissement="Ecole élémentaire de test",
        Type_etablissement="Ecole",
        Statut_public_prive="Public",
        Code_commune="25056",
        Nom_commune="Besançon",
        Appartenance_Education_Prioritaire="REP+",
        latitude="47.22029",
        longitude="5.9723",
        Ecole_maternelle="0",
        Ecole_elementaire="1",
    )
    row.update(overrides)
    return row


def write_annuaire(path: Path, rows: list[dict[str, str]], *, bom: bool = True) -> Path:
    columns = list(rows[0].keys()) if rows else ANNUAIRE_COLUMNS
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path
