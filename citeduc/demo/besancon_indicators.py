"""The Besançon demo's evaluation: the catalogue linked to the convention's 23 objectives.

The convention names its evaluator (art. 15: Trajectoires Ressources, centre de ressources
politique de la ville) and the 30 % co-financing floor (art. 12), the only target it states. Its
annex 4 (the protocol itself) is not in the seed: the measurements entered here are demonstration
figures, flagged as such, not Besançon's.
"""

from datetime import date
from decimal import Decimal

EVALUATOR = "Trajectoires Ressources, centre de ressources politique de la ville"
GOVERNANCE = (
    "Le suivi et l'évaluation sont menés par Trajectoires Ressources (art. 15 de la convention). "
    "Les productions évaluatives sont transmises à la coordination nationale (ANCT-DGESCO) ; la "
    "Cité participe aux chantiers évaluatifs nationaux (suivi de cohorte, évaluation qualitative)."
)

# Indicator code -> the objectives (numbers of Annex 1) it informs.
OBJECTIVES: dict[str, list[int]] = {
    "PUBLIC_TOUCHE": [2, 16],
    "PART_FILLES": [4, 15],
    "ACTIONS_PROGRAMMEES": [6],
    "MONTANT_ACCORDE": [6],
    "PART_HORS_ETAT": [6],
    "REUNIONS_TENUES": [6],
    "PARENTS_IMPLIQUES": [5, 9],
    "CLASSES_DECOUVERTE": [19, 22],
    "INTERNAT_PLACES": [3, 7],
    "ABSENTEISME": [2, 10],
    "BILANS_SANTE": [11],
    "PRATIQUE_SPORTIVE": [13],
    "PARCOURS_CULTURE": [14, 19],
    "DNB_REUSSITE": [7, 10],
    "JEUNES_SANS_SOLUTION": [17, 20],
}

# Art. 12: non-State co-funding of at least 30 % of the global budget, over the convention.
TARGETS: dict[str, tuple[Decimal, date]] = {
    "PART_HORS_ETAT": (Decimal("30.00"), date(2026, 12, 31)),
}

# Demonstration figures: parents involved, by QPV and sex, for 2024 and 2025. Some are under the
# masking threshold on purpose, so that the public pages show the statistical secrecy at work.
DEMO_PARENTS: dict[int, dict[str, tuple[int, int]]] = {
    2024: {
        "QN02503M": (64, 18),
        "QN02502M": (27, 9),
        "QN02504M": (31, 12),
        "QN02505M": (15, 4),
        "QN02515N": (22, 7),
        "QN02517N": (8, 3),
    },
    2025: {
        "QN02503M": (71, 24),
        "QN02502M": (33, 12),
        "QN02504M": (35, 14),
        "QN02505M": (19, 6),
        "QN02515N": (26, 11),
        "QN02517N": (12, 5),
    },
}
DEMO_PARENTS_TARGET = (Decimal("250"), date(2026, 12, 31))
# Absenteeism, school year 2024-2025, per QPV: (pupils absent over the threshold, pupils enrolled).
DEMO_ABSENCE: dict[str, tuple[int, int]] = {
    "QN02503M": (212, 1840),
    "QN02502M": (96, 905),
    "QN02504M": (88, 1010),
    "QN02505M": (41, 460),
    "QN02515N": (57, 610),
    "QN02517N": (19, 240),
}
