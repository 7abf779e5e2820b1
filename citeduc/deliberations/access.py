"""Who may write a council's sittings: the one place that decides it for this app.

Deliberations are public acts, read by everybody. They are typed by the coordination and the
pilots of a Cité whose communes include the council's, and by superusers.
"""

from django.db.models import QuerySet
from django.http import Http404

from citeduc.deliberations.models import Council
from citeduc.territory import access as territory_access
from citeduc.territory.access import AnyUser
from citeduc.territory.models import CiteEducative


def cites_of(council: Council) -> QuerySet[CiteEducative]:
    if council.commune_id is None:
        return CiteEducative.objects.none()
    return CiteEducative.objects.filter(communes=council.commune_id)


def can_edit(user: AnyUser, council: Council) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(territory_access.can_manage(user, cite) for cite in cites_of(council))


def require_editor(user: AnyUser, council: Council) -> None:
    if not can_edit(user, council):
        raise Http404("Page réservée à la coordination et aux pilotes de la Cité.")
