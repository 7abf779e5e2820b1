"""The evaluation protocol of a Cité (art. 15, R-EVAL-1): per objective, its public, calendar,
leverage and indicators; what is missing; the themes national reviews find rarely evaluated."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from citeduc.action_plan.enums import NEGLECTED_THEMES, ActionStatus, TimeOfDay
from citeduc.action_plan.models import Action, Axis, Objective
from citeduc.common.enums import AgeBand
from citeduc.common.findings import Finding, Severity
from citeduc.common.text import fold
from citeduc.indicators.enums import IndicatorKind
from citeduc.indicators.models import EvaluationProtocol, Indicator, ObjectiveEvaluation
from citeduc.territory.models import CiteEducative

REQUIRED_KINDS = (IndicatorKind.SUIVI, IndicatorKind.RESULTAT)


@dataclass
class ObjectiveLine:
    objective: Objective
    evaluation: ObjectiveEvaluation | None
    indicators: list[Indicator] = field(default_factory=list)

    def by_kind(self, kind: str) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == kind]

    @property
    def suivi(self) -> list[Indicator]:
        return self.by_kind(IndicatorKind.SUIVI)

    @property
    def resultat(self) -> list[Indicator]:
        return self.by_kind(IndicatorKind.RESULTAT)

    @property
    def impact(self) -> list[Indicator]:
        return self.by_kind(IndicatorKind.IMPACT)

    @property
    def missing(self) -> list[str]:
        gaps = (
            self.evaluation.missing()
            if self.evaluation
            else ["le public", "le cadre", "le calendrier", "l'effet levier attendu"]
        )
        for kind in REQUIRED_KINDS:
            if not self.by_kind(kind):
                gaps.append(f"un indicateur de {IndicatorKind(kind).label.lower()}")
        return gaps


@dataclass
class Protocol:
    cite: CiteEducative
    settings: EvaluationProtocol | None
    axes: list[tuple[Axis, list[ObjectiveLine]]]
    unlinked: list[Indicator]
    themes: dict[str, list[Indicator]]
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def lines(self) -> list[ObjectiveLine]:
        return [line for _axis, lines in self.axes for line in lines]

    @property
    def without_indicator(self) -> list[Objective]:
        return [line.objective for line in self.lines if not line.indicators]

    @property
    def neglected_themes(self) -> list[str]:
        return [theme for theme, indicators in self.themes.items() if not indicators]


def themes_of(indicators: list[Indicator]) -> dict[str, list[Indicator]]:
    """Which neglected themes each indicator speaks of (by the words of its name and definition)."""
    themes: dict[str, list[Indicator]] = {label: [] for label, _words in NEGLECTED_THEMES}
    for indicator in indicators:
        text = fold(f"{indicator.name} {indicator.definition}")
        for label, words in NEGLECTED_THEMES:
            if any(word in text for word in words):
                themes[label].append(indicator)
    return themes


def build_protocol(cite: CiteEducative) -> Protocol:
    axes = list(Axis.objects.filter(cite=cite).order_by("number"))
    objectives = list(
        Objective.objects.filter(axis__cite=cite)
        .select_related("axis", "evaluation")
        .order_by("axis__number", "number")
    )
    indicators = list(
        Indicator.objects.filter(cite=cite).prefetch_related("objectives").order_by("code")
    )
    per_objective: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        for objective in indicator.objectives.all():
            per_objective[objective.pk].append(indicator)
    lines: dict[int, list[ObjectiveLine]] = defaultdict(list)
    for objective in objectives:
        evaluation = getattr(objective, "evaluation", None)
        lines[objective.axis_id].append(
            ObjectiveLine(objective, evaluation, per_objective[objective.pk])
        )
    return Protocol(
        cite=cite,
        settings=EvaluationProtocol.objects.filter(cite=cite).first(),
        axes=[(axis, lines[axis.pk]) for axis in axes],
        unlinked=[i for i in indicators if not i.objectives.all()],
        themes=themes_of(indicators),
        indicators=indicators,
    )


def r_eval_1(cite: CiteEducative, year: int, today: date | None = None) -> list[Finding]:
    """R-EVAL-1: every objective states its public, calendar, leverage and indicators."""
    protocol = build_protocol(cite)
    findings = [
        Finding(
            "R-EVAL-1",
            Severity.WARNING,
            f"Protocole d'évaluation, objectif {line.objective.number} "
            f"« {line.objective.title} » : manque {', '.join(line.missing)}.",
            {"objective": line.objective.number, "missing": line.missing},
        )
        for line in protocol.lines
        if line.missing
    ]
    if protocol.neglected_themes:
        findings.append(
            Finding(
                "R-EVAL-1",
                Severity.WARNING,
                "Thèmes peu évalués nationalement et sans indicateur dans le protocole : "
                f"{', '.join(protocol.neglected_themes)}.",
                {"themes": protocol.neglected_themes},
            )
        )
    return findings


@transaction.atomic
def prefill_from_plan(cite: CiteEducative) -> int:
    """Fill the empty parts of each objective's protocol from the actions that serve it: ages,
    times of the child, dates, leverage. What the partners already wrote is kept."""
    actions = (
        Action.objects.filter(cite=cite)
        .exclude(status=ActionStatus.ABANDONNEE)
        .prefetch_related("objectives")
    )
    per_objective: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        for objective in action.objectives.all():
            per_objective[objective.pk].append(action)
    filled = 0
    for objective in Objective.objects.filter(axis__cite=cite):
        served_by = per_objective.get(objective.pk, [])
        if not served_by:
            continue
        evaluation, _ = ObjectiveEvaluation.objects.get_or_create(objective=objective)
        if _fill(evaluation, served_by):
            evaluation.save()
            filled += 1
    return filled


def _fill(evaluation: ObjectiveEvaluation, actions: list[Action]) -> bool:
    changed = False
    if not evaluation.age_bands:
        bands = {band for action in actions for band in action.age_bands}
        evaluation.age_bands = [band.value for band in AgeBand if band in bands]
        changed = changed or bool(evaluation.age_bands)
    if not evaluation.times_of_day():
        for time in TimeOfDay:
            if any(getattr(action, time.value) for action in actions):
                setattr(evaluation, time.value, True)
                changed = True
    if not evaluation.calendar.strip():
        years = sorted({action.year for action in actions})
        evaluation.calendar = (
            f"Actions prévues de {years[0]} à {years[-1]}"
            if len(years) > 1
            else f"Actions prévues en {years[0]}"
        )
        changed = True
    if not evaluation.expected_leverage.strip():
        leverage = sorted({a.expected_leverage.strip() for a in actions if a.expected_leverage})
        if leverage:
            evaluation.expected_leverage = "\n".join(leverage)
            changed = True
    return changed
