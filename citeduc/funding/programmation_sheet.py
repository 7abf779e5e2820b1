"""The programmation as a spreadsheet that goes both ways.

The first sheet is the year's programmation, one row per action and porteur, a « Demandé » and an
« Accordé » column per funder: it is also a valid import file, so a coordinator can export 2025,
edit it and import it as 2026. The totals and the notes live on a second sheet (« À lire »),
never among the rows that an import would read. The template is the same sheet with one example
row and the allowed values.
"""

from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from citeduc.action_plan.models import Action, Objective
from citeduc.common.cells import append
from citeduc.funding.dashboard import programmation
from citeduc.funding.models import Funder, RequestedAmount
from citeduc.funding.programmation_import import LIST_SEPARATOR
from citeduc.territory.models import CiteEducative

SEP = f" {LIST_SEPARATOR} "
HEADINGS = ["Action", "Objectif", "Porteur", "SIRET", "QPV", "Ingénierie"]


def _header(sheet: Worksheet, funders: list[Funder]) -> None:
    pairs = [title for f in funders for title in (f"Demandé {f.code}", f"Accordé {f.code}")]
    append(sheet, [*HEADINGS, *pairs, "Total demandé", "Total accordé"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"


def _funders(cite: CiteEducative) -> list[Funder]:
    return list(Funder.objects.filter(cite=cite).order_by("-is_state", "code"))


def programmation_workbook(cite: CiteEducative, year: int) -> Workbook:
    funders = _funders(cite)
    _, rows, columns = programmation(cite, year)
    asked: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for amount in RequestedAmount.objects.filter(request__cite=cite, request__year=year):
        asked[(amount.request_id, amount.funder_id)] += amount.amount
    ids = {row.request.action_id for row in rows}
    actions = {
        a.pk: a for a in Action.objects.filter(pk__in=ids).prefetch_related("objectives", "qpvs")
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Programmation {year}"
    _header(sheet, funders)
    for row in rows:
        request, action = row.request, actions[row.request.action_id]
        objectives = sorted(o.number for o in action.objectives.all())
        pairs = [
            amount
            for f in funders
            for amount in (asked.get((request.pk, f.pk)), row.amounts.get(f.pk))
        ]
        append(
            sheet,
            [
                action.title,
                SEP.join(str(number) for number in objectives),
                request.applicant.name,
                request.applicant.siret,
                SEP.join(sorted(q.code for q in action.qpvs.all())),
                "oui" if action.is_engineering else "non",
                *pairs,
                row.asked,
                row.total,
            ],
        )
    notes = workbook.create_sheet("À lire")
    append(notes, ["Financeur", "Total accordé"])
    for f in funders:
        append(notes, [f.code, columns.get(f.pk, Decimal(0))])
    append(notes, ["Total", sum(columns.values(), Decimal(0))])
    append(notes, [])
    for line in _notes(cite):
        append(notes, [line])
    if any(row.request.is_demo for row in rows):
        append(notes, ["Données de démonstration"])
    return workbook


def _notes(cite: CiteEducative) -> list[str]:
    codes = ", ".join(f.code for f in _funders(cite))
    return [
        "La première feuille peut être réimportée (Programmation → Importer) pour une autre "
        "année : une ligne par action et porteur.",
        f"Listes dans une cellule (QPV, objectifs) : séparées par « {LIST_SEPARATOR} ».",
        "Objectif : numéro de l'objectif général du plan (ou son intitulé exact).",
        f"QPV : codes des quartiers de la Cité ({', '.join(q.code for q in cite.qpvs.all())}).",
        f"Financeurs : une paire Demandé / Accordé par code ({codes}) ; une cellule vide = rien.",
        "Montants en euros : 12 500,00 ou 12500.00. Ingénierie : oui ou non.",
        "Les colonnes « Total » sont recalculées par citeduc et ignorées à l'import.",
    ]


def template_workbook(cite: CiteEducative) -> Workbook:
    """The import file to fill in: the columns, one example row, the allowed values."""
    funders = _funders(cite)
    objectives = list(Objective.objects.filter(axis__cite=cite).order_by("number"))
    qpvs = list(cite.qpvs.order_by("code"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Programmation"
    _header(sheet, funders)
    example = {f"Demandé {funders[0].code}": 12500, f"Accordé {funders[0].code}": None}
    append(
        sheet,
        [
            "Exemple : ateliers lecture du mercredi (ligne à remplacer)",
            str(objectives[0].number) if objectives else "",
            "Association exemple",
            "",
            SEP.join(q.code for q in qpvs[:2]),
            "non",
            *[example.get(f"{side} {f.code}") for f in funders for side in ("Demandé", "Accordé")],
        ],
    )
    notes = workbook.create_sheet("À lire")
    for line in _notes(cite):
        append(notes, [line])
    allowed = workbook.create_sheet("Valeurs permises")
    append(allowed, ["Objectif (numéro)", "Intitulé"])
    for o in objectives:
        append(allowed, [o.number, o.title])
    append(allowed, [])
    append(allowed, ["QPV (code)", "Nom"])
    for q in qpvs:
        append(allowed, [q.code, q.name])
    append(allowed, [])
    append(allowed, ["Financeur (code)", "Nom"])
    for f in funders:
        append(allowed, [f.code, f.name])
    return workbook
