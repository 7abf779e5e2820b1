"""Files of national size for the benchmarks: an Annuaire de l'éducation export with the official
columns, and a programmation of a synthetic Cité. Names say they are generated."""

import csv
from pathlib import Path
from typing import Any

from citeduc.territory.validators import uai_check_letter

STANDARDS = Path(__file__).resolve().parent.parent.parent / "shared" / "standards"
ANNUAIRE_COLUMNS = STANDARDS / "annuaire-education" / "columns.csv"


def annuaire_columns() -> list[str]:
    with ANNUAIRE_COLUMNS.open(encoding="utf-8") as handle:
        return [row["column"] for row in csv.DictReader(handle)]


def annuaire_csv(path: Path, rows: int) -> int:
    """An export of ``rows`` schools, collèges and lycées spread over 2 000 communes of France;
    one in twenty lies in a QPV of the synthetic dataset (placed at its centre)."""
    from citeduc.territory.models import Qpv

    centres = list(
        Qpv.objects.filter(code__startswith="QN")
        .exclude(centroid_lat=None)
        .values_list("centroid_lat", "centroid_lon")[:600]
    )
    columns = annuaire_columns()
    kinds = [("Ecole", "1", "0"), ("Ecole", "0", "1"), ("Collège", "", ""), ("Lycée", "", "")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter=";")
        writer.writeheader()
        for n in range(rows):
            digits = f"{8_000_000 + n:07d}"
            kind, maternelle, elementaire = kinds[n % len(kinds)]
            department = f"{1 + n % 95:02d}".replace("20", "21")
            commune = f"{department}{n % 2000 // 95 + 100:03d}"
            if centres and n % 20 == 0:
                lat, lon = centres[n // 20 % len(centres)]
            else:
                lat, lon = 42.5 + (n * 37 % 700) / 100, -4.0 + (n * 53 % 1100) / 100
            row: dict[str, Any] = dict.fromkeys(columns, "")
            row.update(
                {
                    "Identifiant_de_l_etablissement": digits + uai_check_letter(digits),
                    "Nom_etablissement": f"Établissement généré {n + 1}",
                    "Type_etablissement": kind,
                    "Statut_public_prive": "Public" if n % 7 else "Privé",
                    "Adresse_1": f"{n % 90 + 1} rue du Banc d'essai",
                    "Code_postal": commune,
                    "Code_commune": commune,
                    "Nom_commune": f"Commune générée {commune}",
                    "Code_departement": department,
                    "Ecole_maternelle": maternelle,
                    "Ecole_elementaire": elementaire,
                    "Appartenance_Education_Prioritaire": ["", "", "REP", "REP+"][n % 4],
                    "latitude": f"{lat:.6f}",
                    "longitude": f"{lon:.6f}",
                }
            )
            writer.writerow(row)
    return rows


PROGRAMMATION_HEADER = (
    "action;objectif;porteur;siret;qpv;financeur;montant_demande;montant_accorde;ingenierie"
)


def programmation_csv(path: Path, cite: Any, actions: int) -> int:
    """``actions`` new actions of the Cité, each asked of two funders (two lines)."""
    qpvs = "|".join(cite.qpvs.order_by("code").values_list("code", flat=True)[:2])
    lines = [PROGRAMMATION_HEADER]
    for i in range(actions):
        common = (
            f"Action de banc d'essai {i};{i % 9 + 1};Structure de banc d'essai {i % 150};;{qpvs}"
        )
        lines.append(f"{common};P147;250,00;200,00;{'oui' if i % 10 == 0 else 'non'}")
        lines.append(f"{common};VILLE;1 200,00;1 000,00;non")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1
