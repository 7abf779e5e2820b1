"""Links the seed leaves to the reader: which directory actors, schemes and QPV a 2024 action or a
piste names. Matching is on words of the seed text itself (accents and case folded)."""

import re

from citeduc.common.text import fold

# directory organisation key -> pattern in the folded text
PORTEURS: dict[str, str] = {
    "afev": r"\bafev\b",
    "pari": r"\bpari\b",
    "miroirs": r"miroirs? du monde",
    "addsea": r"\baddsea\b|sauvegarde",
    "cidff": r"\bcidff\b",
    "mission-locale": r"mission locale",
    "france-travail": r"france travail",
    "crij": r"\bcrij\b",
    "bge": r"\bbge\b",
    "e2c": r"\be2c\b",
    "micro-lycee": r"micro lycee",
    "recidev": r"recidev",
    "cafe-charlie": r"cafe charlie",
    "radio-sud": r"radio sud",
    "pjj": r"\bpjj\b",
    "mdq": r"\bmdq\b|maisons? de quartier",
    "clj": r"\bclj\b",
    "casnav": r"\bcasnav\b",
    "anlci": r"\banlci\b",
    "udaf": r"\budaf\b",
    "adna": r"\badna\b",
    "mediatheques": r"mediatheque",
    "clubs-sportifs": r"clubs? sportifs",
    "ville-sante": r"ssp ville",
    "ville-petite-enfance": r"antenne petite enfance",
    "ars": r"\bars\b",
    "dsden": r"\bdsden\b",
    "mlds": r"\bmlds\b",
    "cms": r"\bcms\b",
    "gbm": r"\bgbm\b",
}

# scheme name -> pattern
SCHEMES: dict[str, str] = {
    "Programme de réussite éducative": r"programme de reussite educative|\bpre\b",
    "Ouvrir l'école aux parents pour la réussite des enfants": r"\boepre\b",
    "Internat de la cité éducative": r"\binternats?\b",
    "Médiateurs scolaires": r"mediateurs?",
    "Classes de découverte": r"classes (?:vertes|transplantees|de decouverte)",
    "Bouge Plus": r"bouge plus",
    "Croq'livres": r"croq",
    "Contrat d'engagement jeune": r"\bcej\b",
    "Fonds de transports": r"fonds? de transports?",
    "Parcours culturels": r"parcours culturels?",
}

QPV_NAMES: dict[str, str] = {
    "QN02503M": r"planoise",
    "QN02505M": r"clairs?[ -]soleils?",
    "QN02502M": r"palente",
    "QN02515N": r"hauts de saint[ -]claude",
    "QN02504M": r"montrapon",
    "QN02517N": r"battant",
}

SEPARATORS = [" (", " + ", " : ", " // ", " => ", " - ", ". "]


def matches(patterns: dict[str, str], text: str) -> list[str]:
    folded = fold(text)
    return [key for key, pattern in patterns.items() if re.search(pattern, folded)]


def short_title(text: str, limit: int = 120) -> str:
    """A title from the seed's own words: the text up to its first separator, within a limit."""
    cut = min((text.find(sep) for sep in SEPARATORS if text.find(sep) >= 8), default=len(text))
    title = text[:cut].rstrip(" .,;:")
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0] + "…"
    return title
