"""The Cité éducative of Besançon as its 2024–2026 framework convention describes it.

Source: reference/seed (convention, art. 2, 5 and 8; deliberation n° 007788 of 12 December 2024).
The convention names the schools without their UAI and does not say whether the collèges are REP
or REP+, so those stay empty / "non précisé" rather than guessed.
"""

from datetime import date
from decimal import Decimal

from citeduc.territory.enums import CiteRole, EstablishmentKind, PriorityEducation

SLUG = "besancon"
NAME = "Cité éducative de Besançon"
LABEL_START = date(2024, 1, 1)
LABEL_END = date(2026, 12, 31)  # art. 5
COMMUNE = ("25056", "Besançon")
QPV_CODES = ["QN02502M", "QN02503M", "QN02504M", "QN02505M", "QN02515N", "QN02517N"]  # art. 2
LEAD_COLLEGE = "Diderot"

# Art. 8: the programme-147 envelope, 550 000 € a year, 1 650 000 € in all.
P147_ENVELOPES = {2024: 550_000, 2025: 550_000, 2026: 550_000}
# Art. 11: the fund of the collège chef de file, 15 000 € from P230 and 15 000 € from P147 a year;
# its principal is the authorising officer.
FUND_SHARE = Decimal("15000")
FUND_OFFICER = "Principal du collège Diderot (collège chef de file)"
# The Ville's SIRET as the SCDL Subventions reference example gives it.
VILLE_SIRET = "21250056500008"

K = EstablishmentKind
P = PriorityEducation

# (kind, priority education, role, names) — art. 2, in the convention's order.
ESTABLISHMENTS: list[tuple[EstablishmentKind, PriorityEducation, CiteRole, list[str]]] = [
    (K.COLLEGE, P.UNKNOWN, CiteRole.CHEF_DE_FILE, [LEAD_COLLEGE]),
    (
        K.COLLEGE,
        P.UNKNOWN,
        CiteRole.MEMBRE,
        ["Clairs-Soleils", "Stendhal", "Proudhon", "Camus", "Victor Hugo", "Voltaire"],
    ),
    (
        K.ECOLE_MATERNELLE,
        P.REP_PLUS,
        CiteRole.MEMBRE,
        [
            "Artois",
            "Bouilloche",
            "Bourgogne",
            "Champagne",
            "Cologne",
            "Dürer",
            "Ile de France",
            "Picardie",
            "Fribourg",
            "Fourier",
            "Saint-Exupéry",
        ],
    ),
    (
        K.ECOLE_ELEMENTAIRE,
        P.REP_PLUS,
        CiteRole.MEMBRE,
        ["Bourgogne", "Champagne", "Dürer", "Ile de France", "Fourier"],
    ),
    (
        K.ECOLE_MATERNELLE,
        P.UNKNOWN,
        CiteRole.MEMBRE,
        [
            "Vauthier",
            "Bernard",
            "Kergomard",
            "Kennedy",
            "Curie",
            "Herriot",
            "Camus",
            "Saint-Claude",
            "Champrond",
        ],
    ),
    (
        K.ECOLE_ELEMENTAIRE,
        P.UNKNOWN,
        CiteRole.MEMBRE,
        ["Jean-Macé", "Brossolette", "Curie", "Herriot", "Saint-Claude", "Arènes"],
    ),
    (K.LYCEE_GENERAL, P.UNKNOWN, CiteRole.ASSOCIE, ["Victor Hugo", "Pergaud"]),
    (K.LYCEE_PROFESSIONNEL, P.UNKNOWN, CiteRole.ASSOCIE, ["Tristan Bernard"]),
]
