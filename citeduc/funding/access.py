"""Who may see or change a grant request: the one place that decides it for the funding app.

A porteur sees only its own structure's requests; the partners of the Cité (coordination, pilots,
members of its bodies) and the national coordination see them all; outsiders see nothing (404).
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from citeduc.accounts.enums import Role
from citeduc.directory.access import can_edit_organisation
from citeduc.directory.models import Organisation
from citeduc.funding.models import GrantRequest
from citeduc.territory import access as territory_access
from citeduc.territory.access import AnyUser
from citeduc.territory.models import CiteEducative


def is_partner(user: AnyUser, cite: CiteEducative, roles: set[str] | None = None) -> bool:
    """A reader of the whole programmation: any member but a porteur, or the national level."""
    if roles is None and user.is_authenticated:
        roles = territory_access.roles_in(user, cite)
    if not territory_access.can_read_private(user, cite, roles):
        return False
    if user.is_superuser or user.is_national:  # type: ignore[union-attr]
        return True
    return bool((roles or set()) - {Role.PORTEUR})


def visible_requests(user: AnyUser, cite: CiteEducative) -> QuerySet[GrantRequest]:
    requests = GrantRequest.objects.filter(cite=cite)
    if is_partner(user, cite):
        return requests
    if Role.PORTEUR in territory_access.roles_in(user, cite):
        return requests.filter(applicant__editors=user.pk).distinct()
    return requests.none()


def can_view(user: AnyUser, grant: GrantRequest) -> bool:
    if is_partner(user, grant.cite):
        return True
    return Role.PORTEUR in territory_access.roles_in(user, grant.cite) and (
        grant.applicant.editors.filter(pk=user.pk).exists()
    )


def can_edit(user: AnyUser, grant: GrantRequest) -> bool:
    """Writing the application or its report: the structure's porteurs, or the coordination."""
    return can_edit_organisation(user, grant.applicant)


def applicant_organisations(user: AnyUser, cite: CiteEducative) -> list[Organisation]:
    """The structures in whose name this person may apply to the Cité's calls: all of them for
    its instructors, those a porteur is editor of, none for anyone else."""
    organisations = Organisation.objects.filter(cite=cite, merged_into__isnull=True)
    if can_instruct(user, cite):
        return list(organisations.order_by("name"))
    if user.is_authenticated and Role.PORTEUR in territory_access.roles_in(user, cite):
        return list(organisations.filter(editors=user.pk).order_by("name"))
    return []


def can_instruct(user: AnyUser, cite: CiteEducative) -> bool:
    """Instruction and decisions: the coordination and the three pilots."""
    return territory_access.can_manage(user, cite)


def get_request(user: AnyUser, slug: str, pk: int, *, edit: bool = False) -> GrantRequest:
    cite = territory_access.get_cite_for_user(user, slug, private=True)
    grant = get_object_or_404(
        GrantRequest.objects.select_related("cite", "action", "applicant", "call"),
        cite=cite,
        pk=pk,
    )
    allowed = can_edit(user, grant) if edit else can_view(user, grant)
    if not allowed:
        raise Http404("Demande introuvable.")
    return grant
