"""The vocabularies of the directory: data·inclusion's referentials, then ours where they lack one.

data·inclusion (`reference/standards/data-inclusion/referentiels.json`) describes the offer of
social and professional inclusion; it has no theme for schooling, reading for pleasure, culture or
sport for children, nor a public for pupils. Our own values carry the prefix ``educ--`` so that
they never collide with a data·inclusion value and are dropped from the data·inclusion fields on
export (they travel in ``citeduc_*`` fields instead).
See docs/decisions/004-referentiels-annuaire.md.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

OWN_PREFIX = "educ--"

# (code, label, category label)
EDUCATION_THEMES: list[tuple[str, str, str]] = [
    (
        "educ--accompagnement-scolaire",
        "Accompagnement à la scolarité, aide aux devoirs",
        "Éducation",
    ),
    ("educ--perseverance-scolaire", "Persévérance scolaire, absentéisme, décrochage", "Éducation"),
    ("educ--orientation", "Orientation et découverte des métiers (collège, lycée)", "Éducation"),
    ("educ--premiere-scolarisation", "Petite enfance et première scolarisation", "Éducation"),
    ("educ--mediation-scolaire", "Médiation entre l'école et les familles", "Éducation"),
    ("educ--internat", "Internat éducatif", "Éducation"),
    ("educ--lecture-livre", "Lecture et livre, bibliothèques", "Culture, sport et loisirs"),
    ("educ--culture", "Éducation artistique et culturelle", "Culture, sport et loisirs"),
    ("educ--sport", "Pratique sportive", "Culture, sport et loisirs"),
    (
        "educ--sorties-decouverte",
        "Sorties, séjours et classes de découverte",
        "Culture, sport et loisirs",
    ),
    ("educ--loisirs-vacances", "Loisirs et activités des vacances", "Culture, sport et loisirs"),
    ("educ--citoyennete-laicite", "Citoyenneté, laïcité, valeurs de la République", "Citoyenneté"),
    (
        "educ--egalite-filles-garcons",
        "Égalité filles-garçons, lutte contre les discriminations",
        "Citoyenneté",
    ),
    (
        "educ--harcelement-prevention",
        "Prévention du harcèlement et des conduites à risque",
        "Citoyenneté",
    ),
    ("educ--ecocitoyennete", "Écocitoyenneté, nature et environnement", "Citoyenneté"),
    ("educ--sante-enfant", "Santé de l'enfant, dépistage, prévention", "Santé"),
    ("educ--numerique-educatif", "Numérique éducatif, éducation aux médias", "Numérique"),
]

EDUCATION_PUBLICS: list[tuple[str, str]] = [
    ("educ--enfants", "Enfants"),
    ("educ--eleves", "Élèves"),
    ("educ--parents", "Parents"),
    ("educ--professionnels", "Professionnels de l'éducation"),
]


@cache
def data_inclusion_referentials(directory: Path | None = None) -> dict[str, list[dict[str, str]]]:
    base = directory or settings.CITEDUC_REFERENCE_DIR / "standards" / "data-inclusion"
    loaded: dict[str, list[dict[str, str]]] = json.loads(
        (base / "referentiels.json").read_text(encoding="utf-8")
    )
    return loaded


def choices(name: str) -> list[tuple[str, str]]:
    """A data·inclusion referential as Django choices (e.g. ``choices("Frais")``)."""
    return [(item["value"], item["label"]) for item in data_inclusion_referentials()[name]]


def theme_rows() -> list[tuple[str, str, str]]:
    """Every theme as (code, label, category): data·inclusion's, then ours."""
    categories = dict(choices("Categorie"))
    rows = [
        (code, label, categories.get(code.split("--")[0], ""))
        for code, label in choices("Thematique")
    ]
    return rows + EDUCATION_THEMES


def public_rows() -> list[tuple[str, str]]:
    return choices("Public") + EDUCATION_PUBLICS


def is_own(code: str) -> bool:
    return code.startswith(OWN_PREFIX)


def ensure_vocabularies(theme_model: Any, public_model: Any) -> None:
    """Create the missing themes and publics, refresh labels; models are passed so that a data
    migration can call it with its historical models."""
    for code, label, category in theme_rows():
        theme_model.objects.update_or_create(
            code=code, defaults={"label": label, "category": category}
        )
    for code, label in public_rows():
        public_model.objects.update_or_create(code=code, defaults={"label": label})
