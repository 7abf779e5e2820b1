"""Who may read, enter and see exact figures of a Cité's indicators."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from citeduc.accounts.enums import Role
from citeduc.indicators.enums import Reporter
from citeduc.indicators.models import Indicator
from citeduc.territory.access import (
    AnyUser,
    can_manage,
    can_read_private,
    roles_in,
)
from citeduc.territory.models import CiteEducative


def sees_exact(user: AnyUser, cite: CiteEducative) -> bool:
    """The Cité's own members read exact figures; everyone else, the national coordination
    included, reads them masked (R-EVAL-3)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_in(user, cite))


def visible_indicators(cite: CiteEducative, *, exact: bool) -> QuerySet[Indicator]:
    """The Cité's indicators a reader may list: all for those who see exact figures (its
    members), the published ones for everyone else."""
    indicators = Indicator.objects.filter(cite=cite)
    return indicators if exact else indicators.filter(is_public=True)


def own_cite_ids(user: AnyUser) -> frozenset[int]:
    """The Cités whose figures the user reads exactly in a rollup."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(user.memberships.values_list("cite_id", flat=True))


def can_report(user: AnyUser, indicator: Indicator) -> bool:
    if indicator.is_derived:
        return False
    if can_manage(user, indicator.cite):
        return True
    return indicator.reported_by == Reporter.PORTEURS and Role.PORTEUR in roles_in(
        user, indicator.cite
    )


def get_indicator_for_user(user: AnyUser, slug: str, pk: int) -> Indicator:
    """A published indicator is public; an unpublished one is for the Cité's readers only."""
    indicator = get_object_or_404(Indicator.objects.select_related("cite"), cite__slug=slug, pk=pk)
    if not indicator.is_public and not can_read_private(user, indicator.cite):
        raise Http404("Indicateur introuvable.")
    return indicator
