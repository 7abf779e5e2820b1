"""import_programmation: the Cité's yearly spreadsheet (one row per action × funder) into citeduc.

Every row is checked first; any fault (unknown funder, QPV or objective, malformed amount or SIRET,
a decision above what was asked, the year's P147 above the envelope) stops the import with
its line, and nothing is written. Writing is an upsert, so importing the same file twice
changes nothing.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action, Objective
from citeduc.common.importing import ImportReport, Located, read_csv
from citeduc.common.text import is_digits
from citeduc.common.upsert import upsert
from citeduc.directory.enums import OrganisationKind
from citeduc.directory.models import Organisation
from citeduc.directory.validators import luhn_ok
from citeduc.funding.enums import RequestStatus
from citeduc.funding.loaders import totals
from citeduc.funding.models import Decision, Funder, GrantRequest, RequestedAmount
from citeduc.funding.rules import P147, euros
from citeduc.territory.models import CiteEducative, Qpv

COLUMNS = [
    "action",
    "objectif",
    "porteur",
    "siret",
    "qpv",
    "financeur",
    "montant_demande",
    "montant_accorde",
    "ingenierie",
]
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
    objective: Objective
    porteur: str
    siret: str
    qpvs: list[Qpv]
    funder: Funder
    asked: Decimal
    decided: Decimal | None
    engineering: bool


def _parse(
    row: Located,
    cite: CiteEducative,
    report: ImportReport,
    funders: dict[str, Funder],
    qpvs: dict[str, Qpv],
    objectives: dict[str, Objective],
) -> Row | None:
    d, where = row.data, row.where()
    before = len(report.errors)
    if not d["action"]:
        report.error(where, "l'intitulé de l'action est vide")
    if not d["porteur"]:
        report.error(where, "le porteur est vide")
    objective = objectives.get(d["objectif"].strip().lower())
    if objective is None:
        report.error(where, f"objectif inconnu : {d['objectif']!r} (numéro ou intitulé exact)")
    funder = funders.get(d["financeur"].strip().upper())
    if funder is None:
        report.error(
            where, f"financeur inconnu : {d['financeur']!r} (codes : {', '.join(sorted(funders))})"
        )
    codes = [c.strip() for c in d["qpv"].split("|") if c.strip()]
    unknown = [c for c in codes if c not in qpvs]
    if unknown:
        report.error(where, f"QPV inconnu(s) dans la Cité : {', '.join(unknown)}")
    siret = d["siret"].replace(" ", "")
    if siret and not (len(siret) == 14 and is_digits(siret) and luhn_ok(siret)):
        report.error(where, f"SIRET invalide : {d['siret']!r}")
    engineering = d["ingenierie"].strip().lower()
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
    if len(report.errors) > before or objective is None or funder is None or asked is None:
        return None
    return Row(
        where,
        d["action"],
        objective,
        d["porteur"],
        siret,
        [qpvs[c] for c in codes],
        funder,
        asked,
        decided,
        engineering == "oui",
    )


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
    path: Path, cite: CiteEducative, year: int, *, dry_run: bool = False
) -> ImportReport:
    report = ImportReport(path=path)
    if not cite.label_start.year <= year <= cite.label_end.year:
        report.error(path.name, f"l'année {year} est hors de la période du label [R-PER-1]")
        report.raise_if_errors()
    funders = {f.code: f for f in Funder.objects.filter(cite=cite)}
    qpvs = {q.code: q for q in cite.qpvs.all()}
    objectives: dict[str, Objective] = {}
    for objective in Objective.objects.filter(axis__cite=cite):
        objectives[str(objective.number)] = objective
        objectives[objective.title.strip().lower()] = objective
    rows = [
        r
        for line in read_csv(path, required=COLUMNS)
        if (r := _parse(line, cite, report, funders, qpvs, objectives))
    ]
    seen: dict[tuple[str, str, str], str] = {}
    for r in rows:
        key = (r.action, r.porteur, r.funder.code)
        if key in seen:
            report.error(r.where, f"même action, porteur et financeur qu'en {seen[key]}")
        seen.setdefault(key, r.where)
    _check_envelope(cite, year, rows, report)
    report.raise_if_errors()
    with transaction.atomic():
        start, end = (
            max(date(year, 1, 1), cite.label_start),
            min(date(year, 12, 31), cite.label_end),
        )
        # An action spans several rows (one per funder): write it and its request once.
        grants: dict[tuple[str, str], GrantRequest] = {}
        for r in rows:
            grant = grants.get((r.action, r.porteur)) or _action_request(cite, year, r, start, end)
            grants[(r.action, r.porteur)] = grant
            _, outcome = upsert(
                RequestedAmount, {"request": grant, "funder": r.funder}, {"amount": r.asked}
            )
            if r.decided:
                _, decided_outcome = upsert(
                    Decision,
                    {"request": grant, "funder": r.funder},
                    {"amount": r.decided, "date": start, "reference": "Programmation importée"},
                )
                if grant.status in {RequestStatus.DRAFT, RequestStatus.SUBMITTED}:
                    grant.status = RequestStatus.GRANTED
                    grant.save(update_fields=["status"])
                outcome = outcome if decided_outcome == "unchanged" else decided_outcome
            report.count(outcome)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _action_request(cite: CiteEducative, year: int, r: Row, start: date, end: date) -> GrantRequest:
    organisation = _organisation(cite, r)
    action, _ = upsert(
        Action,
        {"cite": cite, "year": year, "title": r.action},
        {"start_date": start, "end_date": end, "is_engineering": r.engineering},
    )
    if action.status == ActionStatus.PISTE:
        action.status = ActionStatus.PROGRAMMEE
        action.save(update_fields=["status"])
    action.objectives.add(r.objective)
    action.porteurs.add(organisation)
    action.qpvs.add(*r.qpvs)
    grant, _ = upsert(
        GrantRequest, {"action": action, "applicant": organisation, "year": year}, {"cite": cite}
    )
    return grant


def _organisation(cite: CiteEducative, row: Row) -> Organisation:
    found = None
    if row.siret:
        found = Organisation.objects.filter(cite=cite, siret=row.siret).first()
    found = found or Organisation.objects.filter(cite=cite, name=row.porteur).first()
    if found:
        return found
    return Organisation.objects.create(
        cite=cite,
        source=f"citeduc-{cite.slug}",
        external_id=f"citeduc-{cite.slug}--{slugify(row.porteur)}",
        name=row.porteur,
        siret=row.siret,
        kind=OrganisationKind.ASSOCIATION,
    )
