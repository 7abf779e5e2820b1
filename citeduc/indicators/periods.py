"""Periods of a measurement, written as people write them: ``2025`` (a calendar year),
``2024-2025`` (a school year) or ``2025-T1`` (a quarter).

A school year counts for the calendar year in which it ends: the 2024-2025 figures are those the
2025 review reads.
"""

import re
from dataclasses import dataclass

from django.db import models

_YEAR = re.compile(r"^(\d{4})$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*T([1-4])$", re.IGNORECASE)


class PeriodKind(models.TextChoices):
    YEAR = "annee", "Année civile"
    SCHOOL_YEAR = "annee_scolaire", "Année scolaire"
    QUARTER = "trimestre", "Trimestre"


@dataclass(frozen=True)
class Period:
    code: str
    kind: PeriodKind
    year: int

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.SCHOOL_YEAR:
            return f"année scolaire {self.code}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.code[-1]}e trimestre {self.year}"
        return self.code


def parse_period(text: str) -> Period:
    """The period a text names; a ValueError says what is expected."""
    text = text.strip()
    if match := _YEAR.match(text):
        return Period(text, PeriodKind.YEAR, int(match[1]))
    if match := _SCHOOL_YEAR.match(text):
        start, end = int(match[1]), int(match[2])
        if end != start + 1:
            raise ValueError(
                f"année scolaire « {text} » : la seconde année doit suivre la première"
            )
        return Period(f"{start}-{end}", PeriodKind.SCHOOL_YEAR, end)
    if match := _QUARTER.match(text):
        return Period(f"{match[1]}-T{match[2]}", PeriodKind.QUARTER, int(match[1]))
    raise ValueError(
        f"période « {text} » illisible : écrire une année (2025), une année scolaire (2024-2025) "
        "ou un trimestre (2025-T1)"
    )
