"""The funders every Cité starts with; each Cité may rename them or add its own."""

from citeduc.funding.enums import FunderKind
from citeduc.funding.models import Funder
from citeduc.territory.models import CiteEducative

# (code, name, kind, is_state)
DEFAULT_FUNDERS: list[tuple[str, str, FunderKind, bool]] = [
    ("P147", "Programme 147 — Politique de la ville", FunderKind.ETAT, True),
    ("P230", "Programme 230 — Vie de l'élève", FunderKind.ETAT, True),
    (
        "P214",
        "Programme 214 — Soutien de la politique de l'éducation nationale",
        FunderKind.ETAT,
        True,
    ),
    (
        "P304",
        "Programme 304 — Inclusion sociale et protection des personnes",
        FunderKind.ETAT,
        True,
    ),
    ("ETAT-AUTRE", "Autre programme de l'État", FunderKind.ETAT, True),
    ("VILLE", "Ville", FunderKind.COMMUNE, False),
    ("GBM", "Intercommunalité", FunderKind.INTERCOMMUNALITE, False),
    ("CAF", "Caisse d'allocations familiales", FunderKind.CAF, False),
    ("DEPARTEMENT", "Département", FunderKind.DEPARTEMENT, False),
    ("REGION", "Région", FunderKind.REGION, False),
    ("EUROPE", "Fonds européens", FunderKind.EUROPE, False),
    ("PRIVE", "Financeurs privés", FunderKind.PRIVE, False),
    ("AUTRE", "Autres financeurs", FunderKind.AUTRE, False),
]


def seed_funders(cite: CiteEducative, names: dict[str, str] | None = None) -> dict[str, Funder]:
    """Create the missing default funders of a Cité (existing ones keep their name)."""
    names = names or {}
    funders = {}
    for code, name, kind, is_state in DEFAULT_FUNDERS:
        funder, created = Funder.objects.get_or_create(
            cite=cite,
            code=code,
            defaults={"name": names.get(code, name), "kind": kind, "is_state": is_state},
        )
        if not created and code in names and funder.name != names[code]:
            funder.name = names[code]
            funder.save(update_fields=["name"])
        funders[code] = funder
    return funders
