"""Reconduire: copy chosen actions of year N into a later year as pistes, links included."""

from datetime import date

from django.db import transaction

from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Action

M2M = ["objectives", "porteurs", "qpvs", "establishments"]
COPIED = [
    "title",
    "description",
    "priority",
    "scheme",
    "age_min",
    "age_max",
    "for_parents",
    "for_professionals",
    "expected_participants",
    "scolaire",
    "periscolaire",
    "extrascolaire",
    "is_engineering",
    "expected_leverage",
]


def _shift(day: date, years: int, low: date, high: date) -> date:
    try:
        moved = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        moved = day.replace(year=day.year + years, day=28)
    return min(max(moved, low), high)


@transaction.atomic
def carry_over(actions: list[Action], year: int) -> list[Action]:
    """Copies, as pistes of `year`; an action already carried into that year is not copied again."""
    created = []
    for action in actions:
        if action.carried_to.filter(year=year).exists():
            continue
        cite = action.cite
        years = year - action.year
        copy = Action(
            cite=cite,
            year=year,
            status=ActionStatus.PISTE,
            carried_from=action,
            start_date=_shift(action.start_date, years, cite.label_start, cite.label_end),
            end_date=_shift(action.end_date, years, cite.label_start, cite.label_end),
            **{name: getattr(action, name) for name in COPIED},
        )
        copy.full_clean()
        copy.save()
        for name in M2M:
            getattr(copy, name).set(getattr(action, name).all())
        created.append(copy)
    return created
