"""What the plan covers and what it leaves out: objectives × QPV, age bands × QPV, gaps."""

from collections import defaultdict
from dataclasses import dataclass, field

from citeduc.action_plan.enums import NEGLECTED_THEMES
from citeduc.action_plan.models import Action, Objective
from citeduc.common.enums import AgeBand
from citeduc.common.text import fold
from citeduc.territory.models import CiteEducative, Qpv


@dataclass
class PlanCoverage:
    qpvs: list[Qpv]
    objectives: list[Objective]
    by_objective: dict[int, dict[str, int]] = field(
        default_factory=dict
    )  # objective pk -> qpv -> n
    by_age: dict[str, dict[str, int]] = field(default_factory=dict)  # band label -> qpv -> n
    per_qpv: dict[str, int] = field(default_factory=dict)
    neglected: dict[str, int] = field(default_factory=dict)  # theme -> actions that touch it

    @property
    def objectives_without_action(self) -> list[Objective]:
        return [o for o in self.objectives if not sum(self.by_objective[o.pk].values())]

    @property
    def qpvs_without_action(self) -> list[Qpv]:
        return [q for q in self.qpvs if not self.per_qpv[q.code]]

    @property
    def age_bands_without_action(self) -> list[str]:
        return [band for band, cells in self.by_age.items() if not sum(cells.values())]

    @property
    def themes_without_action(self) -> list[str]:
        return [theme for theme, count in self.neglected.items() if not count]


def plan_coverage(cite: CiteEducative, year: int | None = None) -> PlanCoverage:
    qpvs = list(cite.qpvs.order_by("name"))
    objectives = list(Objective.objects.filter(axis__cite=cite).select_related("axis"))
    queryset = Action.objects.filter(cite=cite).exclude(status="abandonnee")
    if year is not None:
        queryset = queryset.filter(year=year)
    actions = list(queryset.prefetch_related("qpvs", "objectives"))
    codes = [q.code for q in qpvs]
    by_objective = {o.pk: dict.fromkeys(codes, 0) for o in objectives}
    by_age: dict[str, dict[str, int]] = {band.label: dict.fromkeys(codes, 0) for band in AgeBand}
    per_qpv = dict.fromkeys(codes, 0)
    neglected = defaultdict(int, {label: 0 for label, _words in NEGLECTED_THEMES})
    for action in actions:
        action_codes = [q.code for q in action.qpvs.all() if q.code in per_qpv]
        for code in action_codes:
            per_qpv[code] += 1
            for objective in action.objectives.all():
                if objective.pk in by_objective:
                    by_objective[objective.pk][code] += 1
            for band in action.age_bands:
                by_age[band.label][code] += 1
        text = fold(f"{action.title} {action.description}")
        for label, words in NEGLECTED_THEMES:
            if any(word in text for word in words):
                neglected[label] += 1
    return PlanCoverage(qpvs, objectives, by_objective, by_age, per_qpv, dict(neglected))
