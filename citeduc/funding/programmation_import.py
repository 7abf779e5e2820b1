"""import_programmation: the Cité's yearly spreadsheet into citeduc.

Two shapes are read, in CSV, XLSX or ODS: the *wide* one that citeduc exports (one row per action
and porteur, a « Demandé CODE » and an « Accordé CODE » column per funder), so that last year's
export edited in a spreadsheet is this year's import; and the *long* one (one row per
action × funder, columns `financeur`, `montant_demande`, `montant_accorde`). Lists in a cell
(QPV, objectives) are separated by « | ».

Every row is checked first; any fault (unknown funder, QPV or objective, malformed amount or SIRET,
a decision above what was asked, the year's P147 above the envelope) stops the import with
its line, and nothing is written. Writing is an upsert, so importing the same file twice
changes nothing.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from citeduc.action_plan.models import Objective
from citeduc.common.importing import (
    PROGRESS_EVERY,
    ImportReport,
    Located,
    column_key,
    read_table,
)
from citeduc.common.text import is_digits
from citeduc.directory.validators import luhn_ok
from citeduc.funding import kept
from citeduc.funding.loaders import totals
from citeduc.funding.models import Decision, Funder
from citeduc.funding.programmation_write import ProgrammationWriter
from citeduc.funding.rules import P147, euros
from citeduc.territory.models import CiteEducative, Qpv

# The columns every file has, then those of the long shape; the wide shape has instead a
# « demande_CODE » and an « accorde_CODE » column per funder (any title whose key is that:
# « Demandé P147 », « demande_p147 »).
COMMON = ["action", "objectif", "porteur", "siret", "qpv", "ingenierie"]
COLUMNS = [*COMMON[:5], "financeur", "montant_demande", "montant_accorde", "ingenierie"]
LIST_SEPARATOR = "|"
ASKED, DECIDED = "demande_", "accorde_"


def split_list(text: str) -> list[str]:
    """« 1 | Renforcer les alliances » → the two items (a title may hold a comma, not a « | »)."""
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


AMOUNT = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:[,.]\d{1,2})?$|^\d+(?:[,.]\d{1,2})?$")


def parse_amount(text: str) -> Decimal | None:
    """« 12 500,00 », « 12500.00 », « 800 » → Decimal; empty → None; anything else → ValueError."""
    value = text.strip()
    if not value:
        return None
    if not AMOUNT.match(value):
        raise ValueError(f"montant mal formé : {text!r} (ex. 12 500,00 ou 12500.00)")
    try:
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", value).replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"montant mal formé : {text!r}") from None


@dataclass
class Row:
    where: str
    action: str
    objectives: list[Objective]
    porteur: str
    siret: str
    qpvs: list[Qpv]
    funder: Funder
    asked: Decimal
    decided: Decimal | None
    engineering: bool


@dataclass
class Known:
    """What a line may name in this Cité: its funders, QPV and objectives."""

    funders: dict[str, Funder]
    qpvs: dict[str, Qpv]
    objectives: dict[str, Objective]

    @classmethod
    def of(cls, cite: CiteEducative) -> "Known":
        objectives: dict[str, Objective] = {}
        for objective in Objective.objects.filter(axis__cite=cite):
            objectives[str(objective.number)] = objective
            objectives[objective.title.strip().lower()] = objective
        return cls(
            {f.code: f for f in Funder.objects.filter(cite=cite)},
            {q.code: q for q in cite.qpvs.all()},
            objectives,
        )


def _wide_to_long(row: Located, known: Known, report: ImportReport) -> list[dict[str, str]]:
    """One wide row (a column pair per funder) → one long row per funder with an amount."""
    keys = {column_key(code): code for code in known.funders}
    before = len(report.errors)
    out = []
    for key in row.data:
        if key.startswith(ASKED) or key.startswith(DECIDED):
            code = key.split("_", 1)[1]
            if code not in keys:
                report.error(row.where(), f"colonne « {key} » : financeur inconnu ({code.upper()})")
    for key, code in keys.items():
        asked, decided = row.data.get(ASKED + key, ""), row.data.get(DECIDED + key, "")
        if asked or decided:
            out.append(
                {
                    **row.data,
                    "financeur": code,
                    "montant_demande": asked,
                    "montant_accorde": decided,
                }
            )
    if not out and len(report.errors) == before:
        report.error(row.where(), "aucun montant demandé ni accordé")
    return out


def _parse(row: Located, data: dict[str, str], known: Known, report: ImportReport) -> Row | None:
    d, where = data, row.where()
    before = len(report.errors)
    if not d["action"]:
        report.error(where, "l'intitulé de l'action est vide")
    if not d["porteur"]:
        report.error(where, "le porteur est vide")
    objectives = [known.objectives.get(name.lower()) for name in split_list(d["objectif"])]
    if not objectives or None in objectives:
        report.error(where, f"objectif inconnu : {d['objectif']!r} (numéro ou intitulé exact)")
    funder = known.funders.get(d["financeur"].strip().upper())
    if funder is None:
        known_codes = ", ".join(sorted(known.funders))
        report.error(where, f"financeur inconnu : {d['financeur']!r} (codes : {known_codes})")
    # QPV codes hold neither comma nor space: « QN02503M, QN02505M » is read as well.
    codes = [c for part in split_list(d["qpv"]) for c in part.replace(",", " ").split()]
    unknown = [c for c in codes if c not in known.qpvs]
    if unknown:
        report.error(where, f"QPV inconnu(s) dans la Cité : {', '.join(unknown)}")
    siret = d.get("siret", "").replace(" ", "")
    if siret and not (len(siret) == 14 and is_digits(siret) and luhn_ok(siret)):
        report.error(where, f"SIRET invalide : {d['siret']!r}")
    engineering = d.get("ingenierie", "").strip().lower()
    if engineering not in {"oui", "non", ""}:
        report.error(where, f"ingenierie doit valoir oui ou non, pas {d['ingenierie']!r}")
    asked = decided = None
    try:
        asked = parse_amount(d["montant_demande"])
        decided = parse_amount(d["montant_accorde"])
    except ValueError as exc:
        report.error(where, str(exc))
    if asked is None and len(report.errors) == before:
        report.error(where, "le montant demandé est vide")
    if asked is not None and decided is not None and decided > asked:
        report.error(where, f"{euros(decided)} accordés pour {euros(asked)} demandés [R-FUND-6]")
    if len(report.errors) > before or funder is None or asked is None:
        return None
    return Row(
        where,
        d["action"],
        [o for o in objectives if o is not None],
        d["porteur"],
        siret,
        [known.qpvs[c] for c in codes],
        funder,
        asked,
        decided,
        engineering == "oui",
    )


def _read_rows(path: Path, known: Known, report: ImportReport) -> list[Row]:
    """Every line checked, in either shape; progress is said every few lines."""
    lines = list(read_table(path, required=COMMON[:3], notices=report.notices, normalize=True))
    long_shape = bool(lines) and "financeur" in lines[0].data
    if lines:
        needed = COLUMNS if long_shape else COMMON[:5]
        missing = [name for name in needed if name not in lines[0].data]
        if missing:
            report.error(
                f"{path.name}, ligne 1",
                f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}",
            )
            report.raise_if_errors()
    rows = []
    for done, line in enumerate(lines, start=1):
        shapes = [line.data] if long_shape else _wide_to_long(line, known, report)
        rows += [r for data in shapes if (r := _parse(line, data, known, report))]
        if done % PROGRESS_EVERY == 0 or done == len(lines):
            report.progress("Vérification", done, len(lines))
    return rows


def _check_envelope(cite: CiteEducative, year: int, rows: list[Row], report: ImportReport) -> None:
    """R-FUND-1 with the file applied: name the line whose P147 decision crosses the envelope."""
    t = totals(cite, year)
    in_file = {(r.action, r.porteur) for r in rows}
    untouched = sum(
        (
            d.amount
            for d in Decision.objects.filter(
                request__cite=cite, request__year=year, funder__code=P147
            ).select_related("request__action", "request__applicant")
            if (d.request.action.title, d.request.applicant.name) not in in_file
        ),
        Decimal("0"),
    )
    used = untouched + t.fund_p147
    for row in rows:
        if row.funder.code == P147 and row.decided:
            used += row.decided
            if used > t.envelope_p147:
                report.error(
                    row.where,
                    f"les décisions P147 {year} et la part du fonds atteignent {euros(used)}, "
                    f"au-delà de l'enveloppe de {euros(t.envelope_p147)} [R-FUND-1]",
                )
                return


def import_programmation(
    path: Path,
    cite: CiteEducative,
    year: int,
    *,
    dry_run: bool = False,
    report: ImportReport | None = None,
) -> ImportReport:
    report = report or ImportReport(path=path)
    if not cite.label_start.year <= year <= cite.label_end.year:
        report.error(path.name, f"l'année {year} est hors de la période du label [R-PER-1]")
        report.raise_if_errors()
    rows = _read_rows(path, Known.of(cite), report)
    seen: dict[tuple[str, str, str], str] = {}
    for r in rows:
        key = (r.action, r.porteur, r.funder.code)
        if key in seen:
            report.error(r.where, f"même action, porteur et financeur qu'en {seen[key]}")
        seen.setdefault(key, r.where)
    _check_envelope(cite, year, rows, report)
    report.raise_if_errors()
    with transaction.atomic():
        with kept.batch():  # the Cité's money figures, once, before any rollback
            _write(cite, year, rows, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(cite: CiteEducative, year: int, rows: list[Row], report: ImportReport) -> None:
    ProgrammationWriter(cite, year, rows).write(report)
