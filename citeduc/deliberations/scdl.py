"""SCDL Délibérations (R-DELIB-5): one row per deliberation, validated before anything is
written — frictionless against reference/standards/scdl-deliberations/schema.json, then the
schema's custom checks (SIRET key, votes that add up and compare, ACTES subject name)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db.models import QuerySet

from citeduc.common.scdl import rows_of, schema_errors, write_validated
from citeduc.common.text import fold, is_digits
from citeduc.deliberations.enums import ACTES
from citeduc.deliberations.models import Deliberation
from citeduc.directory.validators import luhn_ok

SCHEMA = settings.CITEDUC_REFERENCE_DIR / "standards" / "scdl-deliberations" / "schema.json"
COLUMNS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]
ACTES_LEVEL_1 = {fold(name.split("/")[0]) for name in ACTES.values()}


def missing(deliberation: Deliberation) -> list[str]:
    """What the standard requires and the deliberation lacks."""
    gaps = []
    if not deliberation.sitting.council.siret:
        gaps.append(f"le SIRET de {deliberation.sitting.council.name}")
    if not deliberation.subject_code:
        gaps.append("le code matière ACTES")
    return gaps


def row(deliberation: Deliberation) -> dict[str, str]:
    sitting = deliberation.sitting
    votes = deliberation.votes
    return {
        "COLL_NOM": sitting.council.name,
        "COLL_SIRET": sitting.council.siret,
        "DELIB_ID": deliberation.number,
        "DELIB_DATE": sitting.date.isoformat(),
        "DELIB_MATIERE_CODE": deliberation.subject_code,
        "DELIB_MATIERE_NOM": deliberation.subject_name,
        "DELIB_OBJET": deliberation.title,
        "BUDGET_ANNEE": "",
        "BUDGET_NOM": "",
        "PREF_ID": "",
        "PREF_DATE": "",
        "VOTE_EFFECTIF": str(sitting.members_in_office),
        "VOTE_REEL": str(votes.for_ + votes.against + votes.abstention),
        "VOTE_POUR": str(votes.for_),
        "VOTE_CONTRE": str(votes.against),
        "VOTE_ABSTENTION": str(votes.abstention),
        "DELIB_URL": deliberation.url,
    }


def _int(value: str) -> int | None:
    return int(value) if is_digits(value.strip().lstrip("-")) else None


def custom_errors(rows: list[dict[str, str]]) -> list[str]:
    errors = []
    for line, r in enumerate(rows, start=2):
        siret = r["COLL_SIRET"]
        if siret and not (len(siret) == 14 and is_digits(siret) and luhn_ok(siret)):
            errors.append(f"ligne {line}, COLL_SIRET : SIRET {siret!r} invalide (clé de Luhn)")
        votes = {c: _int(r[c]) for c in COLUMNS[11:16]}
        given = [c for c, v in votes.items() if v is not None]
        if given and len(given) != len(votes):
            errors.append(f"ligne {line} : les colonnes de vote sont à remplir toutes ou aucune")
        if len(given) == len(votes):
            effectif, reel, pour, contre, abst = (votes[c] or 0 for c in COLUMNS[11:16])
            if effectif < reel:
                errors.append(f"ligne {line} : VOTE_EFFECTIF ({effectif}) < VOTE_REEL ({reel})")
            if reel != pour + contre + abst:
                errors.append(
                    f"ligne {line} : VOTE_REEL ({reel}) ≠ VOTE_POUR + VOTE_CONTRE + "
                    f"VOTE_ABSTENTION ({pour + contre + abst})"
                )
        if bool(r["BUDGET_ANNEE"]) != bool(r["BUDGET_NOM"]):
            errors.append(f"ligne {line} : BUDGET_ANNEE et BUDGET_NOM vont ensemble")
        if r["PREF_DATE"] and r["PREF_DATE"] < r["DELIB_DATE"]:
            errors.append(f"ligne {line} : PREF_DATE précède DELIB_DATE")
        name = r["DELIB_MATIERE_NOM"]
        if "/" not in name or fold(name.split("/")[0]) not in ACTES_LEVEL_1:
            errors.append(f"ligne {line}, DELIB_MATIERE_NOM : « {name} » hors nomenclature ACTES")
        elif ACTES.get(r["DELIB_MATIERE_CODE"]) != name:
            errors.append(
                f"ligne {line} : DELIB_MATIERE_NOM ne correspond pas au code "
                f"{r['DELIB_MATIERE_CODE']}"
            )
    return errors


def validate(text: str) -> list[str]:
    return schema_errors(text, SCHEMA) + custom_errors(rows_of(text))


def deliberations(siret: str = "") -> QuerySet[Deliberation]:
    found = Deliberation.objects.select_related("sitting__council").order_by(
        "sitting__council__name", "sitting__date", "item"
    )
    return found.filter(sitting__council__siret=siret) if siret else found


def export(output: Path, siret: str = "") -> int:
    """Writes the file, or raises with every reason it cannot; nothing is written then."""
    chosen = list(deliberations(siret))
    if not chosen:
        raise CommandError("Aucune délibération à exporter" + (f" pour {siret}." if siret else "."))
    gaps = [
        f"délibération n° {d.number} ({d.sitting.council.name}) : il manque {', '.join(m)}"
        for d in chosen
        if (m := missing(d))
    ]
    if gaps:
        raise CommandError(
            "Export SCDL Délibérations refusé ; aucun fichier écrit :\n"
            + "\n".join(f"  - {gap}" for gap in gaps)
        )
    rows = [row(d) for d in chosen]
    return write_validated(rows, COLUMNS, validate, output, "SCDL Délibérations")
