"""SCDL Subventions: the subsidies one granting authority of a Cité decided in a year, as the
open-data standard defines them (reference/standards/scdl-subventions/schema.json, v2.1.1).

One file per granting authority (``idAttribuant`` is one SIRET): the Ville by default. A decision
that cannot be published is never dropped silently nor allowed to stop the others: it goes to the
``left_out`` list of the publication with its reason (the beneficiary is one of the funder's own
services — internal spending, not a subsidy —, or has neither SIRET nor RNA number, or a check of
the standard refuses the line). The rows kept pass frictionless and the schema's custom checks.

``MAPPING`` says, column by column, how citeduc fills the standard's field; a test sets it beside
the schema's own definitions (docs/scdl-subventions.md).
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db.models import Case, QuerySet, When

from citeduc.common.scdl import row_errors, rows_of, schema_errors, to_csv
from citeduc.common.text import is_digits
from citeduc.directory.validators import luhn_ok
from citeduc.funding.enums import FunderKind
from citeduc.funding.models import Decision, Funder
from citeduc.territory.models import CiteEducative

SCHEMA = settings.CITEDUC_REFERENCE_DIR / "standards" / "scdl-subventions" / "schema.json"

# Each column of the standard, in its order, and how citeduc fills it.
MAPPING: dict[str, str] = {
    "nomAttribuant": "Le nom du financeur choisi (la Ville par défaut).",
    "idAttribuant": "Le SIRET du financeur ; sans lui, aucun fichier n'est écrit pour ce "
    "financeur.",
    "dateConvention": "La date de signature de la convention de la demande ; à défaut, la date "
    "de la décision.",
    "referenceDecision": "L'instance ou la référence de l'acte saisie avec la décision.",
    "nomBeneficiaire": "Le nom de la structure qui a déposé la demande (un seul bénéficiaire "
    "par demande).",
    "idBeneficiaire": "Le SIRET de cette structure, contrôlé par sa clé.",
    "rnaBeneficiaire": "Son numéro RNA ; une ligne sans SIRET ni RNA est écartée et dite.",
    "objet": "L'intitulé de l'action, suivi de « (Cité éducative) », 256 caractères au plus.",
    "montant": "Le montant attribué par ce financeur à cette demande, en euros, point décimal.",
    "nature": "« aide en numéraire » : citeduc ne suit que des subventions en argent.",
    "conditionsVersement": "Les conditions saisies avec la décision ; sinon « unique » pour un "
    "versement, « échelonné » pour plusieurs.",
    "datesPeriodeVersement": "La date du versement unique ; la période du premier au dernier "
    "versement s'il y en a plusieurs ; sans versement, de la décision à la fin de l'année.",
    "idRAE": "Vide : les Cités éducatives ne financent pas d'aides aux entreprises du RAE.",
    "notificationUE": "« non » : pas d'aide de minimis notifiée.",
    "pourcentageSubvention": "1.00 : chaque demande a un seul bénéficiaire, qui reçoit toute "
    "la subvention.",
    "dispositifAide": "« Cité éducative ».",
}
COLUMNS = list(MAPPING)


@dataclass(frozen=True)
class LeftOut:
    decision: Decision
    reason: str
    kind: str  # "interne" (not a subsidy), "identifiant" (to fill in), "refusee" (to correct)


@dataclass
class Publication:
    """What the file of one granting authority for one year holds, and what it leaves out."""

    funder: Funder
    year: int
    decisions: list[Decision] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    blocked: str = ""  # why no file can be written at all

    @property
    def rows(self) -> list[dict[str, str]]:
        return [_row(d) for d in self.decisions]

    @property
    def text(self) -> str:
        return to_csv(self.rows, COLUMNS)

    @property
    def published_total(self) -> Decimal:
        return sum((d.amount for d in self.decisions), Decimal("0"))

    def report(self) -> list[str]:
        """The report in words, a line each: what is written, then each line left out."""
        lines = [] if not self.blocked else [f"Aucun fichier : {self.blocked}"]
        lines.append(
            f"{self.funder.name} {self.year} : {len(self.decisions)} décision(s) publiée(s), "
            f"{len(self.left_out)} écartée(s)."
        )
        lines += [
            f"Écartée : {o.decision.request.applicant.name} — {o.decision.request.action.title} "
            f"({o.decision.amount:.2f} €) : {o.reason}"
            for o in self.left_out
        ]
        return lines


def _payment_period(decision: Decision) -> str:
    payments = sorted(p.date for p in decision.payments.all())
    if payments:
        return "/".join(dict.fromkeys(d.isoformat() for d in (payments[0], payments[-1])))
    year_end = date(decision.request.year, 12, 31)
    if decision.date >= year_end:
        return decision.date.isoformat()
    return f"{decision.date.isoformat()}/{year_end.isoformat()}"


def _row(decision: Decision) -> dict[str, str]:
    grant = decision.request
    paid = len(decision.payments.all())
    return {
        "nomAttribuant": decision.funder.name,
        "idAttribuant": decision.funder.siret,
        "dateConvention": (grant.agreement_signed_on or decision.date).isoformat(),
        "referenceDecision": decision.reference,
        "nomBeneficiaire": grant.applicant.name,
        "idBeneficiaire": grant.applicant.siret,
        "rnaBeneficiaire": grant.applicant.rna,
        "objet": f"{grant.action.title} (Cité éducative)"[:256],
        "montant": f"{decision.amount:.2f}",
        "nature": "aide en numéraire",
        "conditionsVersement": decision.payment_conditions[:256]
        or ("échelonné" if paid > 1 else "unique"),
        "datesPeriodeVersement": _payment_period(decision),
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "dispositifAide": "Cité éducative",
    }


def attribuants(cite: CiteEducative) -> QuerySet[Funder]:
    """The funders that grant subsidies a Cité can publish: every one but the State's credits,
    which the State publishes; the Ville first, its council publishes with the Cité."""
    return (
        cite.funders.filter(is_state=False)
        .annotate(town_first=Case(When(kind=FunderKind.COMMUNE, then=0), default=1))
        .order_by("town_first", "code")
    )


def _left_out(decision: Decision, own: set[int]) -> LeftOut | None:
    applicant = decision.request.applicant
    if applicant.pk in own:
        reason = (
            f"dépense en propre : « {applicant.name} » est un service de "
            f"{decision.funder.name}, ce n'est pas une subvention"
        )
        return LeftOut(decision, reason, "interne")
    if not applicant.siret and not applicant.rna:
        reason = f"« {applicant.name} » n'a ni SIRET ni numéro RNA dans l'annuaire"
        return LeftOut(decision, reason, "identifiant")
    return None


def publication(cite: CiteEducative, funder: Funder, year: int) -> Publication:
    """Sort the funder's decisions of the year into published and left out (with the reason),
    then leave out too any line the standard's checks still refuse."""
    found = Publication(funder=funder, year=year)
    if not funder.siret:
        found.blocked = f"{funder.name} n'a pas de SIRET (idAttribuant est obligatoire)"
    own = set(funder.own_services.values_list("pk", flat=True))
    decisions = (
        Decision.objects.filter(request__cite=cite, request__year=year, funder=funder)
        .select_related("funder", "request__applicant", "request__action")
        .prefetch_related("payments")
        .order_by("date", "request__applicant__name", "pk")
    )
    for decision in decisions:
        left_out = _left_out(decision, own)
        if left_out:
            found.left_out.append(left_out)
        else:
            found.decisions.append(decision)
    if not found.blocked:
        _leave_out_refused_lines(found)
    return found


def _leave_out_refused_lines(found: Publication) -> None:
    refused = row_errors(found.text, SCHEMA)
    for line, problems in _custom_row_errors(found.rows).items():
        refused.setdefault(line, []).extend(problems)
    if not refused:
        return
    kept = []
    for line, decision in enumerate(found.decisions, start=2):
        if line in refused:
            reason = "refusée par le standard : " + " ; ".join(refused[line])
            found.left_out.append(LeftOut(decision, reason, "refusee"))
        else:
            kept.append(decision)
    found.decisions = kept


def _custom_row_errors(rows: list[dict[str, str]]) -> dict[int, list[str]]:
    """The schema's custom checks frictionless does not run: SIRET keys, one identifier."""
    errors: dict[int, list[str]] = {}
    for line, row in enumerate(rows, start=2):
        for column in ("idAttribuant", "idBeneficiaire"):
            value = row[column]
            if value and not (len(value) == 14 and is_digits(value) and luhn_ok(value)):
                errors.setdefault(line, []).append(f"{column} : SIRET {value!r} invalide")
        if not row["idBeneficiaire"] and not row["rnaBeneficiaire"]:
            errors.setdefault(line, []).append("ni idBeneficiaire ni rnaBeneficiaire")
    return errors


def validate(text: str) -> list[str]:
    """Every error of a SCDL Subventions CSV: frictionless, then the schema's custom checks."""
    custom = _custom_row_errors(rows_of(text))
    return schema_errors(text, SCHEMA) + [
        f"ligne {line}, {problem}" for line, problems in custom.items() for problem in problems
    ]


def funder_named(cite: CiteEducative, code: str | None) -> Funder:
    """The granting authority asked by its code, or the Ville (the Cité's commune funder)."""
    chosen = attribuants(cite)
    funder = (
        chosen.filter(code__iexact=code).first()
        if code
        else chosen.filter(kind=FunderKind.COMMUNE).first()
    )
    if funder is None:
        codes = ", ".join(chosen.values_list("code", flat=True))
        raise CommandError(
            f"Financeur inconnu ou de l'État : {code or 'la Ville'} "
            f"(financeurs publiables : {codes})"
        )
    return funder


def export(cite: CiteEducative, year: int, output: Path, code: str | None = None) -> Publication:
    """Write the file of one granting authority; refuse only when no file can be written."""
    found = publication(cite, funder_named(cite, code), year)
    if found.blocked:
        raise CommandError("Export SCDL Subventions refusé : " + found.blocked + ".")
    errors = validate(found.text)
    if errors:  # cannot happen once refused lines are left out; said rather than written
        raise CommandError("Export SCDL Subventions refusé :\n" + "\n".join(errors))
    output.write_text(found.text, encoding="utf-8")
    return found


def schema_definitions() -> dict[str, str]:
    """The standard's own definition of each column, as its schema gives it."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return {f["name"]: f.get("description", "") for f in schema["fields"]}


def mapping_table() -> str:
    """The Markdown table of docs/scdl-subventions.md: each column of the schema, its type and
    whether it is required (the schema's facts), and how citeduc fills it."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    lines = ["| Colonne | Type | Obligatoire | Ce que citeduc y met |", "|---|---|---|---|"]
    for f in schema["fields"]:
        required = "oui" if f.get("constraints", {}).get("required") else "non"
        lines.append(f"| `{f['name']}` | {f['type']} | {required} | {MAPPING[f['name']]} |")
    return "\n".join(lines) + "\n"
