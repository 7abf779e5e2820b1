"""The region of a commune, from the department its INSEE code begins with (the 18 regions
since 2016, with their INSEE codes)."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citeduc.territory.models import CiteEducative

REGIONS: dict[str, tuple[str, list[str]]] = {
    "84": (
        "Auvergne-Rhône-Alpes",
        ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"],
    ),
    "27": ("Bourgogne-Franche-Comté", ["21", "25", "39", "58", "70", "71", "89", "90"]),
    "53": ("Bretagne", ["22", "29", "35", "56"]),
    "24": ("Centre-Val de Loire", ["18", "28", "36", "37", "41", "45"]),
    "94": ("Corse", ["2A", "2B"]),
    "44": ("Grand Est", ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]),
    "32": ("Hauts-de-France", ["02", "59", "60", "62", "80"]),
    "11": ("Île-de-France", ["75", "77", "78", "91", "92", "93", "94", "95"]),
    "28": ("Normandie", ["14", "27", "50", "61", "76"]),
    "75": (
        "Nouvelle-Aquitaine",
        ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"],
    ),
    "76": (
        "Occitanie",
        ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"],
    ),
    "52": ("Pays de la Loire", ["44", "49", "53", "72", "85"]),
    "93": ("Provence-Alpes-Côte d'Azur", ["04", "05", "06", "13", "83", "84"]),
    "01": ("Guadeloupe", ["971"]),
    "02": ("Martinique", ["972"]),
    "03": ("Guyane", ["973"]),
    "04": ("La Réunion", ["974"]),
    "06": ("Mayotte", ["976"]),
}

# A region's INSEE code, as an API filter accepts it.
REGION_CODE_PATTERN = "^(?:" + "|".join(sorted(REGIONS)) + ")$"

_BY_DEPARTMENT = {dep: code for code, (_name, deps) in REGIONS.items() for dep in deps}
UNKNOWN = ("", "Région inconnue")


def region_of(insee_code: str) -> tuple[str, str]:
    """(region code, region name) of a commune; overseas departments have three digits."""
    code = _BY_DEPARTMENT.get(insee_code[:3]) or _BY_DEPARTMENT.get(insee_code[:2])
    if code is None:
        return UNKNOWN
    return code, REGIONS[code][0]


def region_of_cite(cite: "CiteEducative") -> tuple[str, str]:
    """A Cité's region, from its first commune by INSEE code (prefetch ``communes`` when
    reading many Cités)."""
    commune = min(cite.communes.all(), key=lambda c: c.insee_code, default=None)
    return region_of(commune.insee_code) if commune else UNKNOWN
