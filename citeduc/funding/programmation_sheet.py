"""The programmation as a spreadsheet that goes both ways.

The first sheet is the year's programmation, one row per action and porteur, a « Demandé » and an
« Accordé » column per funder: it is also a valid import file, so a coordinator can export 2025,
edit it and import it as 2026. Its title row and its totals row (« Total (calculé) », SUM
formulas) are skipped by the import; the totals per funder and the notes live on the next sheets.
The template is the same sheet with one example row and the allowed values.
"""

from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook

from citeduc.action_plan.models import Action, Objective
from citeduc.common.spreadsheet import (
    MONEY,
    Column,
    columns,
    new_workbook,
    write_lines,
    write_table,
)
from citeduc.funding.dashboard import ProgrammationRow, programmation
from citeduc.funding.models import Funder, RequestedAmount
from citeduc.funding.programmation_import import LIST_SEPARATOR
from citeduc.territory.models import CiteEducative

SEP = f" {LIST_SEPARATOR} "
HEADINGS = ["Action", "Objectif", "Porteur", "SIRET", "QPV", "Ingénierie"]


def _columns(funders: list[Funder]) -> list[Column]:
    pairs = [title for f in funders for title in (f"Demandé {f.code}", f"Accordé {f.code}")]
    money = [*pairs, "Total demandé", "Total accordé"]
    return columns(*HEADINGS, *money, kinds=dict.fromkeys(money, MONEY))


def _funders(cite: CiteEducative) -> list[Funder]:
    return list(Funder.objects.filter(cite=cite).order_by("-is_state", "code"))


def _lines(
    rows: list[ProgrammationRow], funders: list[Funder], asked: dict[tuple[int, int], Decimal]
) -> list[list[object]]:
    ids = {row.request.action_id for row in rows}
    actions = {
        a.pk: a for a in Action.objects.filter(pk__in=ids).prefetch_related("objectives", "qpvs")
    }
    lines: list[list[object]] = []
    for row in rows:
        request, action = row.request, actions[row.request.action_id]
        objectives = sorted(o.number for o in action.objectives.all())
        pairs = [
            amount
            for f in funders
            for amount in (asked.get((request.pk, f.pk)), row.amounts.get(f.pk))
        ]
        lines.append(
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
            ]
        )
    return lines


def programmation_workbook(cite: CiteEducative, year: int) -> Workbook:
    funders = _funders(cite)
    _, rows, columns_total = programmation(cite, year)
    asked: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for amount in RequestedAmount.objects.filter(request__cite=cite, request__year=year):
        asked[(amount.request_id, amount.funder_id)] += amount.amount
    lines = _lines(rows, funders, asked)
    workbook, sheet = new_workbook(f"Programmation {year}")
    title = f"{cite.name} — programmation {year}"
    if any(row.request.is_demo for row in rows):
        title += " (données de démonstration)"
    write_table(sheet, _columns(funders), lines, title=title, totals=True)
    by_funder = [
        [
            f.code,
            f.name,
            sum((a for (_r, funder), a in asked.items() if funder == f.pk), Decimal(0)),
            columns_total.get(f.pk, Decimal(0)),
        ]
        for f in funders
    ]
    write_table(
        workbook.create_sheet("Par financeur"),
        columns(
            "Financeur", "Nom", "Demandé", "Accordé", kinds={"Demandé": MONEY, "Accordé": MONEY}
        ),
        by_funder,
        title=f"Totaux par financeur — {year}",
        totals=True,
    )
    write_lines(workbook.create_sheet("À lire"), _notes(cite), title="À lire")
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
        "Les colonnes « Total » et la ligne « Total (calculé) » sont recalculées par citeduc et "
        "ignorées à l'import ; la ligne de titre aussi.",
    ]


def template_workbook(cite: CiteEducative) -> Workbook:
    """The import file to fill in: the columns, one example row, the allowed values."""
    funders = _funders(cite)
    objectives = list(Objective.objects.filter(axis__cite=cite).order_by("number"))
    qpvs = list(cite.qpvs.order_by("code"))
    example = {f"Demandé {funders[0].code}": 12500, f"Accordé {funders[0].code}": None}
    workbook, sheet = new_workbook("Programmation")
    write_table(
        sheet,
        _columns(funders),
        [
            [
                "Exemple : ateliers lecture du mercredi (ligne à remplacer)",
                str(objectives[0].number) if objectives else "",
                "Association exemple",
                "",
                SEP.join(q.code for q in qpvs[:2]),
                "non",
                *[
                    example.get(f"{side} {f.code}")
                    for f in funders
                    for side in ("Demandé", "Accordé")
                ],
            ]
        ],
        title=f"{cite.name} — programmation à importer",
    )
    write_lines(workbook.create_sheet("À lire"), _notes(cite), title="À lire")
    allowed = [
        *[["Objectif", str(o.number), o.title] for o in objectives],
        *[["QPV", q.code, q.name] for q in qpvs],
        *[["Financeur", f.code, f.name] for f in funders],
    ]
    write_table(
        workbook.create_sheet("Valeurs permises"),
        columns("Colonne", "Valeur", "Intitulé"),
        allowed,
        title="Valeurs permises",
    )
    return workbook
