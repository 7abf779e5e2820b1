"""The templates of the national imports: the Annuaire de l'éducation in its official columns
(reference/standards/annuaire-education/columns.csv) and the QPV list."""

import csv

from django.conf import settings
from openpyxl import Workbook

from citeduc.common.spreadsheet import Column, new_workbook, write_lines, write_table
from citeduc.territory.importers import ANNUAIRE_REQUIRED, QPV_CSV_REQUIRED


def annuaire_columns() -> list[str]:
    path = settings.CITEDUC_REFERENCE_DIR / "standards" / "annuaire-education" / "columns.csv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return [row["column"] for row in rows]


def annuaire_template(cite: object = None) -> Workbook:
    names = annuaire_columns()
    example = {
        "Identifiant_de_l_etablissement": "0250010A",
        "Nom_etablissement": "Collège Diderot",
        "Type_etablissement": "Collège",
        "Statut_public_prive": "Public",
        "Code_commune": "25056",
        "Nom_commune": "Besançon",
        "Appartenance_Education_Prioritaire": "REP+",
        "latitude": "47.22029",
        "longitude": "5.9723",
    }
    workbook, sheet = new_workbook("Annuaire")
    write_table(
        sheet,
        [Column(name) for name in names],
        [[example.get(name, "") for name in names]],
        title="Annuaire de l'éducation — établissements à importer",
    )
    notes = [
        "Le fichier de l'Annuaire de l'éducation (data.education.gouv.fr) convient tel quel : "
        "CSV « ; », UTF-8 ou Windows-1252, ou les mêmes colonnes en XLSX/ODS.",
        f"Colonnes lues : {', '.join(ANNUAIRE_REQUIRED)} (et Nom_commune, Adresse_1, Adresse_3, "
        "Ecole_maternelle, Ecole_elementaire).",
        "Appartenance_Education_Prioritaire : REP, REP+ ou vide. Statut_public_prive : Public ou "
        "Privé.",
        "Chaque établissement d'une commune de Cité situé dans un de ses QPV, ou en éducation "
        "prioritaire, est rattaché à la Cité ; sa coordination rapproche ensuite ses propres "
        "établissements sans UAI.",
        "La ligne de titre est ignorée à l'import ; la ligne d'exemple est à remplacer.",
    ]
    write_lines(workbook.create_sheet("À lire"), notes, title="À lire")
    return workbook


def qpv_template(cite: object = None) -> Workbook:
    workbook, sheet = new_workbook("QPV")
    write_table(
        sheet,
        [Column(name) for name in QPV_CSV_REQUIRED],
        [["QN02503M", "Planoise", "25056", "Besançon"]],
        title="Quartiers prioritaires à importer",
    )
    notes = [
        "Une ligne par quartier prioritaire (liste officielle, ANCT) ; les contours se chargent "
        "par la commande import_qpv avec le GeoJSON officiel.",
        "La ligne de titre est ignorée à l'import ; la ligne d'exemple est à remplacer.",
    ]
    write_lines(workbook.create_sheet("À lire"), notes, title="À lire")
    return workbook
