from datetime import date

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from citeduc.action_plan.models import Action, Axis, Objective
from citeduc.territory import access as territory_access
from citeduc.territory.models import CiteEducative

router = Router(tags=["Plan d'actions"])


class ObjectiveOut(Schema):
    number: int
    title: str
    examples: str
    concordance_contrat_ville: str
    concordance_peb_axis: str
    concordance_peb: str
    concordance_education_nationale: str


class PriorityOut(Schema):
    number: int
    text: str


class AxisOut(Schema):
    number: int
    title: str
    text: str
    objectives: list[ObjectiveOut]
    priorities: list[PriorityOut]


class ActionOut(Schema):
    id: int
    title: str
    description: str
    year: int
    status: str
    start_date: date
    end_date: date
    objectives: list[int]
    porteurs: list[str]
    qpvs: list[str]
    age_min: int | None
    age_max: int | None
    for_parents: bool
    for_professionals: bool
    times_of_day: list[str]
    is_engineering: bool


class PlanOut(Schema):
    cite: str
    axes: list[AxisOut]
    actions: list[ActionOut]


def _objective(o: Objective) -> ObjectiveOut:
    return ObjectiveOut.model_validate(o, from_attributes=True)


def _action(a: Action) -> ActionOut:
    return ActionOut(
        id=a.pk,
        title=a.title,
        description=a.description,
        year=a.year,
        status=a.status,
        start_date=a.start_date,
        end_date=a.end_date,
        objectives=[o.number for o in a.objectives.all()],
        porteurs=[o.name for o in a.porteurs.all()],
        qpvs=[q.code for q in a.qpvs.all()],
        age_min=a.age_min,
        age_max=a.age_max,
        for_parents=a.for_parents,
        for_professionals=a.for_professionals,
        times_of_day=[t for t in ("scolaire", "periscolaire", "extrascolaire") if getattr(a, t)],
        is_engineering=a.is_engineering,
    )


@router.get("/cites/{slug}/plan", response=PlanOut, summary="Le plan d'actions d'une Cité")
def get_plan(request: HttpRequest, slug: str) -> PlanOut:
    cite = CiteEducative.objects.filter(slug=slug).first()
    if cite is None or not territory_access.can_read_private(request.user, cite):
        raise Http404("Cité introuvable.")
    axes = (
        Axis.objects.filter(cite=cite)
        .prefetch_related("objectives", "priorities")
        .order_by("number")
    )
    actions = (
        Action.objects.filter(cite=cite)
        .prefetch_related("objectives", "porteurs", "qpvs")
        .order_by("year", "title", "pk")
    )
    return PlanOut(
        cite=cite.slug,
        axes=[
            AxisOut(
                number=axis.number,
                title=axis.title,
                text=axis.text,
                objectives=[_objective(o) for o in axis.objectives.all()],
                priorities=[
                    PriorityOut(number=p.number, text=p.text) for p in axis.priorities.all()
                ],
            )
            for axis in axes
        ],
        actions=[_action(a) for a in actions],
    )
