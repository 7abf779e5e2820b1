"""The plan as a spreadsheet (one sheet per axis) and as CSV."""

import csv
import io

from openpyxl import Workbook

from citeduc.action_plan.models import Action, Axis
from citeduc.common.cells import inert_rows
from citeduc.common.spreadsheet import DATE, INTEGER, columns, write_table, xlsx_bytes
from citeduc.territory.models import CiteEducative

HEADER = [
    "Axe",
    "N° objectif",
    "Objectif général",
    "Action",
    "Description",
    "Année",
    "Statut",
    "Début",
    "Fin",
    "Porteurs",
    "Dispositif",
    "QPV",
    "Âges",
    "Parents",
    "Professionnels",
    "Temps",
    "Participants attendus",
    "Ingénierie",
]


def action_rows(cite: CiteEducative) -> list[tuple[int, list[object]]]:
    """(axis number, row) for every action and each of its objectives."""
    actions = (
        Action.objects.filter(cite=cite)
        .select_related("scheme")
        .prefetch_related("objectives__axis", "porteurs", "qpvs")
        .order_by("year", "title", "pk")
    )
    rows = []
    for action in actions:
        ages = (
            f"{action.age_min if action.age_min is not None else ''}-"
            f"{action.age_max if action.age_max is not None else ''}"
        )
        common = [
            action.title,
            action.description,
            action.year,
            action.get_status_display(),
            action.start_date,
            action.end_date,
            ", ".join(o.name for o in action.porteurs.all()),
            str(action.scheme) if action.scheme else "",
            ", ".join(q.code for q in action.qpvs.all()),
            "" if ages == "-" else ages,
            "oui" if action.for_parents else "non",
            "oui" if action.for_professionals else "non",
            ", ".join(action.times_of_day),
            action.expected_participants or "",
            "oui" if action.is_engineering else "non",
        ]
        for objective in action.objectives.all():
            rows.append(
                (
                    objective.axis.number,
                    [objective.axis.title, objective.number, objective.title, *common],
                )
            )
    return sorted(rows, key=lambda item: (item[0], item[1][1]))


PLAN_COLUMNS = columns(
    *HEADER,
    kinds={
        "Année": INTEGER,
        "Début": DATE,
        "Fin": DATE,
        "Participants attendus": INTEGER,
    },
)


def plan_xlsx(cite: CiteEducative) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = action_rows(cite)
    for axis in Axis.objects.filter(cite=cite).order_by("number"):
        sheet = workbook.create_sheet(title=f"Axe {axis.number}")
        write_table(
            sheet,
            PLAN_COLUMNS,
            [row for number, row in rows if number == axis.number],
            title=f"{cite.name} — plan d'actions, axe {axis.number} : {axis.title}",
        )
    return xlsx_bytes(workbook)


def plan_csv(cite: CiteEducative) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(inert_rows(row for _number, row in action_rows(cite)))
    return buffer.getvalue()
