"""Who may read or change the action plan: the one place that decides it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from citeduc.action_plan.models import Action, Axis, Objective, Priority
from citeduc.territory import access as territory_access
from citeduc.territory.access import AnyUser
from citeduc.territory.models import CiteEducative


def can_edit_plan(user: AnyUser, cite: CiteEducative) -> bool:
    """The coordination and the three pilots write the plan."""
    return territory_access.can_manage(user, cite)


def get_plan_cite(user: AnyUser, slug: str, *, edit: bool = False) -> CiteEducative:
    """The Cité of a plan page; its actions are for members, its editing for the coordination."""
    cite = territory_access.get_cite_for_user(user, slug, private=True)
    if edit and not can_edit_plan(user, cite):
        raise Http404("Page introuvable.")
    return cite


def get_action_for_user(user: AnyUser, slug: str, pk: int, *, edit: bool = False) -> Action:
    cite = get_plan_cite(user, slug, edit=edit)
    return get_object_or_404(
        Action.objects.select_related("cite", "priority", "scheme"), cite=cite, pk=pk
    )


def get_axis_for_user(user: AnyUser, slug: str, pk: int) -> Axis:
    return get_object_or_404(Axis, cite=get_plan_cite(user, slug, edit=True), pk=pk)


def get_objective_for_user(user: AnyUser, slug: str, pk: int) -> Objective:
    return get_object_or_404(Objective, axis__cite=get_plan_cite(user, slug, edit=True), pk=pk)


def get_priority_for_user(user: AnyUser, slug: str, pk: int) -> Priority:
    return get_object_or_404(Priority, axis__cite=get_plan_cite(user, slug, edit=True), pk=pk)
