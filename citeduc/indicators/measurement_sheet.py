"""Measurements as a spreadsheet that goes both ways: the export of a Cité's entered and imported
measurements is a valid import file (same columns as the template), and the template adds one
example row and the allowed values."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from citeduc.action_plan.enums import TimeOfDay
from citeduc.common.cells import append
from citeduc.common.enums import AgeBand
from citeduc.indicators.collect import COLUMNS, OPTIONAL_COLUMNS
from citeduc.indicators.enums import Sex
from citeduc.indicators.models import Indicator, Measurement
from citeduc.territory.models import CiteEducative

HEADER = [*COLUMNS, *OPTIONAL_COLUMNS]


def _sheet(workbook: Workbook) -> Worksheet:
    sheet = workbook.active
    sheet.title = "Mesures"
    append(sheet, HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _entered(cite: CiteEducative) -> list[Indicator]:
    return [i for i in Indicator.objects.filter(cite=cite).order_by("code") if not i.is_derived]


def measurements_workbook(cite: CiteEducative, year: int | None = None) -> Workbook:
    """The Cité's measurements of the indicators it enters or imports (not the derived ones)."""
    workbook = Workbook()
    sheet = _sheet(workbook)
    found = (
        Measurement.objects.filter(indicator__in=_entered(cite))
        .select_related("indicator", "qpv")
        .order_by("indicator__code", "period", "qpv__code", "sex", "age_band", "time_of_day")
    )
    if year is not None:
        found = found.filter(year=year)
    for m in found:
        append(
            sheet,
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
            ],
        )
    return workbook


def measurements_template(cite: CiteEducative) -> Workbook:
    indicators = _entered(cite)
    workbook = Workbook()
    sheet = _sheet(workbook)
    example = indicators[0].code if indicators else "CODE"
    append(sheet, [example, "2024-2025", "", "", "", 12, "", "", ""])
    notes = workbook.create_sheet("À lire")
    for line in [
        "Une ligne par mesure ; une cellule vide de QPV, sexe, tranche d'âge ou temps = « tous ».",
        "Période : une année (2025), une année scolaire (2024-2025) ou un trimestre (2025-T1).",
        "Valeur : un nombre ; pour un taux, numérateur et dénominateur peuvent le justifier.",
        "Aucune donnée nominative : uniquement des effectifs agrégés.",
        "La ligne d'exemple est à remplacer.",
    ]:
        append(notes, [line])
    allowed = workbook.create_sheet("Valeurs permises")
    append(allowed, ["Indicateur (code)", "Intitulé", "Ventilations"])
    for i in indicators:
        append(allowed, [i.code, i.name, ", ".join(i.breakdown_labels())])
    for title, values in [
        ("QPV (code)", [(q.code, q.name) for q in cite.qpvs.order_by("code")]),
        ("Sexe", list(Sex.choices)),
        ("Tranche d'âge", list(AgeBand.choices)),
        ("Temps", list(TimeOfDay.choices)),
    ]:
        append(allowed, [])
        append(allowed, [title, "Signification"])
        for value in values:
            append(allowed, list(value))
    return workbook
