"""Measurements as a spreadsheet that goes both ways: the export of a Cité's entered and imported
measurements is a valid import file (same columns as the template), and the template adds one
example row and the allowed values."""

from openpyxl import Workbook

from citeduc.action_plan.enums import TimeOfDay
from citeduc.common.enums import AgeBand
from citeduc.common.spreadsheet import (
    INTEGER,
    NUMBER,
    columns,
    new_workbook,
    write_lines,
    write_table,
)
from citeduc.indicators.collect import COLUMNS, OPTIONAL_COLUMNS
from citeduc.indicators.enums import Sex
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.models import CiteEducative

HEADER = [*COLUMNS, *OPTIONAL_COLUMNS]
MEASURE_COLUMNS = columns(
    *HEADER, kinds={"valeur": NUMBER, "numerateur": INTEGER, "denominateur": INTEGER}
)
NOTES = [
    "Une ligne par mesure ; une cellule vide de QPV, sexe, tranche d'âge ou temps = « tous ».",
    "Période : une année (2025), une année scolaire (2024-2025) ou un trimestre (2025-T1).",
    "Valeur : un nombre ; pour un taux, numérateur et dénominateur peuvent le justifier.",
    "Aucune donnée nominative : uniquement des effectifs agrégés.",
    "La ligne de titre est ignorée à l'import ; la ligne d'exemple est à remplacer.",
]


def _entered(cite: CiteEducative) -> list[Indicator]:
    return [i for i in Indicator.objects.filter(cite=cite).order_by("code") if not i.is_derived]


def measurements_workbook(cite: CiteEducative, year: int | None = None) -> Workbook:
    """The Cité's measurements of the indicators it enters or imports (not the derived ones)."""
    found = (
        Measurement.objects.filter(indicator__in=_entered(cite))
        .select_related("indicator", "qpv")
        .order_by("indicator__code", "period", "qpv__code", "sex", "age_band", "time_of_day")
    )
    if year is not None:
        found = found.filter(year=year)
    rows = [
        [
            m.indicator.code,
            m.period,
            m.qpv.code if m.qpv else "",
            m.sex,
            m.age_band,
            m.value,
            m.numerator,
            m.denominator,
            m.time_of_day,
        ]
        for m in found
    ]
    workbook, sheet = new_workbook("Mesures")
    title = f"{cite.name} — mesures des indicateurs" + (f" {year}" if year else "")
    write_table(sheet, MEASURE_COLUMNS, rows, title=title)
    return workbook


def measurements_template(cite: CiteEducative) -> Workbook:
    indicators = _entered(cite)
    workbook, sheet = new_workbook("Mesures")
    example = indicators[0].code if indicators else "CODE"
    write_table(
        sheet,
        MEASURE_COLUMNS,
        [[example, "2024-2025", "", "", "", 12, "", "", ""]],
        title=f"{cite.name} — mesures à importer",
    )
    write_lines(workbook.create_sheet("À lire"), NOTES, title="À lire")
    allowed = [[i.code, i.name, ", ".join(i.breakdown_labels())] for i in indicators]
    for title, values in [
        ("QPV (code)", [(q.code, q.name) for q in cite.qpvs.order_by("code")]),
        ("Sexe", list(Sex.choices)),
        ("Tranche d'âge", list(AgeBand.choices)),
        ("Temps", list(TimeOfDay.choices)),
    ]:
        allowed += [[title, str(value), str(meaning)] for value, meaning in values]
    write_table(
        workbook.create_sheet("Valeurs permises"),
        columns("Colonne ou indicateur", "Valeur ou intitulé", "Signification ou ventilations"),
        allowed,
        title="Valeurs permises",
    )
    return workbook
