"""The convention's governance rules (RULES.md §III, R-GOV-1 … 5) as functions of data: a Cité's
year of governance (``GovernanceYear``, already read) in, findings out, in the same shape as the
money rules. Nothing here reads the database: ``governance/loaders.py`` reads the year."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from citeduc.common.findings import Finding, Severity
from citeduc.governance.enums import BodyKind

QUARTER_NAMES = {1: "1er trimestre", 2: "2e trimestre", 3: "3e trimestre", 4: "4e trimestre"}


def quarters(year: int) -> list[tuple[int, date, date]]:
    """The four quarters of a year: number, first day, last day."""
    ends = [date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31)]
    return [(n, date(year, 3 * n - 2, 1), end) for n, end in enumerate(ends, start=1)]


@dataclass(frozen=True)
class AgreedAmendment:
    number: int
    title: str
    answered_on: date


@dataclass
class GovernanceYear:
    """What the governance rules read about a Cité's year."""

    year: int
    today: date
    label_start: date
    label_end: date
    # Local days of the year's meetings not cancelled, per kind of body.
    held: dict[str, list[date]] = field(default_factory=dict)
    has_comite_technique: bool = False
    qpvs: list[tuple[str, str]] = field(default_factory=list)  # code, name; by code
    collectif_qpvs: set[str] = field(default_factory=set)  # codes of QPV with a collectif
    agreed: list[AgreedAmendment] = field(default_factory=list)  # agreed, not transmitted

    def in_label(self, start: date, end: date) -> bool:
        return start <= self.label_end and end >= self.label_start


def r_gov_1(g: GovernanceYear) -> list[Finding]:
    """Each ended quarter of the label period needs a COPIL restreint (art. 4)."""
    held = {day.month for day in g.held.get(BodyKind.COPIL_RESTREINT, [])}
    findings = []
    for number, start, end in quarters(g.year):
        if end >= g.today or not g.in_label(start, end):
            continue  # a quarter in progress, to come, or outside the label is not judged
        if not any(start.month <= month <= end.month for month in held):
            findings.append(
                Finding(
                    "R-GOV-1",
                    Severity.WARNING,
                    f"Aucune réunion du comité de pilotage restreint au {QUARTER_NAMES[number]} "
                    f"{g.year} (du {start:%d/%m/%Y} au {end:%d/%m/%Y}) : la convention en prévoit "
                    "au moins une par trimestre (art. 4).",
                    {"year": g.year, "quarter": number},
                )
            )
    return findings


def _yearly(g: GovernanceYear, kind: str, rule: str, text: str) -> list[Finding]:
    start, end = date(g.year, 1, 1), date(g.year, 12, 31)
    if end >= g.today or not g.in_label(start, end) or g.held.get(kind):
        return []
    return [Finding(rule, Severity.WARNING, text, {"year": g.year})]


def r_gov_2(g: GovernanceYear) -> list[Finding]:
    return _yearly(
        g,
        BodyKind.COPIL_ELARGI,
        "R-GOV-2",
        f"Aucune réunion du comité de pilotage élargi en {g.year} : il se réunit une fois par an "
        "(art. 4).",
    )


def r_gov_3(g: GovernanceYear) -> list[Finding]:
    """A comité technique and a collectif éducatif per QPV of the Cité exist."""
    findings = []
    if not g.has_comite_technique:
        findings.append(
            Finding(
                "R-GOV-3",
                Severity.WARNING,
                "La Cité n'a pas de comité technique (les trois chefs de file et "
                "l'intercommunalité, art. 4).",
                {},
            )
        )
    for code, name in g.qpvs:
        if code not in g.collectif_qpvs:
            findings.append(
                Finding(
                    "R-GOV-3",
                    Severity.WARNING,
                    f"Le quartier {name} ({code}) n'a pas de collectif éducatif (art. 4).",
                    {"qpv": code},
                )
            )
    return findings


def r_gov_4(g: GovernanceYear) -> list[Finding]:
    return _yearly(
        g,
        BodyKind.REVUE_PROJET,
        "R-GOV-4",
        f"Aucune revue annuelle de projet enregistrée pour {g.year} : sans elle, la subvention "
        "de l'année suivante peut être révisée (art. 14).",
    )


def r_gov_5(g: GovernanceYear) -> list[Finding]:
    """An amendment the Préfet agreed must reach the national coordination (art. 18)."""
    return [
        Finding(
            "R-GOV-5",
            Severity.WARNING,
            f"L'avenant n° {a.number} « {a.title} », accordé par le préfet le "
            f"{a.answered_on:%d/%m/%Y}, n'est pas transmis à la coordination nationale "
            "(ANCT-DGESCO, art. 18).",
            {"amendment": a.number, "agreed_on": a.answered_on.isoformat()},
        )
        for a in g.agreed
    ]


RULES: list[Callable[[GovernanceYear], list[Finding]]] = [
    r_gov_1,
    r_gov_2,
    r_gov_3,
    r_gov_4,
    r_gov_5,
]


def check_year(g: GovernanceYear) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(g)]
