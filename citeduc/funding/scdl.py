"""SCDL Subventions: the Cité's non-State decisions as the open-data standard wants them.

The file is validated before it is written: frictionless against the schema in
reference/standards/scdl-subventions/schema.json, then the schema's custom checks that frictionless
does not know (SIRET key, "idBeneficiaire or rnaBeneficiaire"). An invalid row stops everything.
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Case, When

from citeduc.common.scdl import rows_of, schema_errors, write_validated
from citeduc.common.text import is_digits
from citeduc.directory.validators import luhn_ok
from citeduc.funding.enums import FunderKind
from citeduc.funding.models import Decision
from citeduc.territory.models import CiteEducative

SCHEMA = settings.CITEDUC_REFERENCE_DIR / "standards" / "scdl-subventions" / "schema.json"
COLUMNS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]


def _row(decision: Decision) -> dict[str, str]:
    grant = decision.request
    payments = sorted(p.date for p in decision.payments.all())
    period = [payments[0], payments[-1]] if payments else [decision.date]
    total = sum((d.amount for d in grant.decisions.all()), Decimal("0"))
    share = (decision.amount / total) if total else Decimal("1")
    return {
        "nomAttribuant": decision.funder.name,
        "idAttribuant": decision.funder.siret,
        "dateConvention": decision.date.isoformat(),
        "referenceDecision": decision.reference,
        "nomBeneficiaire": grant.applicant.name,
        "idBeneficiaire": grant.applicant.siret,
        "rnaBeneficiaire": grant.applicant.rna,
        "objet": f"{grant.action.title} (Cité éducative)"[:256],
        "montant": f"{decision.amount:.2f}",
        "nature": "aide en numéraire",
        "conditionsVersement": decision.payment_conditions
        or ("échelonné" if len(payments) > 1 else "unique"),
        "datesPeriodeVersement": "/".join(dict.fromkeys(d.isoformat() for d in period)),
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": f"{max(share, Decimal('0.01')):.2f}",
        "dispositifAide": "Cité éducative",
    }


def scdl_rows(cite: CiteEducative, year: int) -> list[dict[str, str]]:
    decisions = (
        Decision.objects.filter(request__cite=cite, request__year=year, funder__is_state=False)
        .exclude(funder__siret="")
        .select_related("funder", "request__applicant", "request__action")
        .prefetch_related("payments", "request__decisions")
        # The Ville first: its council is the body that publishes this file.
        .annotate(town_first=Case(When(funder__kind=FunderKind.COMMUNE, then=0), default=1))
        .order_by("town_first", "funder__code", "date", "pk")
    )
    return [_row(d) for d in decisions]


def _custom_errors(rows: list[dict[str, str]]) -> list[str]:
    errors = []
    for line, row in enumerate(rows, start=2):
        for column in ("idAttribuant", "idBeneficiaire"):
            value = row[column]
            if value and not (len(value) == 14 and is_digits(value) and luhn_ok(value)):
                errors.append(f"ligne {line}, {column} : SIRET {value!r} invalide (clé de Luhn)")
        if not row["idBeneficiaire"] and not row["rnaBeneficiaire"]:
            errors.append(
                f"ligne {line} : « {row['nomBeneficiaire']} » n'a ni SIRET ni numéro RNA "
                "(idBeneficiaire ou rnaBeneficiaire est obligatoire)"
            )
    return errors


def validate(text: str) -> list[str]:
    """Every error of a SCDL Subventions CSV: frictionless, then the schema's custom checks."""
    return schema_errors(text, SCHEMA) + _custom_errors(rows_of(text))


def export(cite: CiteEducative, year: int, output: Path) -> int:
    return write_validated(scdl_rows(cite, year), COLUMNS, validate, output, "SCDL")
