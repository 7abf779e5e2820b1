"""Who may read or change directory objects: the only place that decides it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from citeduc.accounts.enums import Role
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import Organisation, Service
from citeduc.territory import access as territory_access
from citeduc.territory.access import AnyUser
from citeduc.territory.models import CiteEducative

PUBLIC_STATUSES = {ServiceStatus.PUBLISHED, ServiceStatus.TO_CHECK}


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """The coordination and pilots of its Cité, or a porteur named editor of it."""
    if territory_access.can_manage(user, organisation.cite):
        return True
    if not user.is_authenticated:
        return False
    is_porteur = Role.PORTEUR in territory_access.roles_in(user, organisation.cite)
    return is_porteur and organisation.editors.filter(pk=user.pk).exists()


def editable_organisations(user: AnyUser, cite: CiteEducative) -> set[int]:
    """The ids of the Cité's structures ``can_edit_organisation`` lets this person change, in
    one query: what a list shows "modifier" links for."""
    organisations = Organisation.objects.filter(cite=cite)
    if territory_access.can_manage(user, cite):
        return set(organisations.values_list("pk", flat=True))
    if not user.is_authenticated or Role.PORTEUR not in territory_access.roles_in(user, cite):
        return set()
    return set(organisations.filter(editors=user.pk).values_list("pk", flat=True))


def can_administer(user: AnyUser, organisation: Organisation) -> bool:
    """Invite and remove the structure's members: its administrators, and the coordination and
    pilots of its Cité (who may also attach an editor directly)."""
    if territory_access.can_manage(user, organisation.cite):
        return True
    return user.is_authenticated and organisation.administrators.filter(pk=user.pk).exists()


def get_administered_organisation(user: AnyUser, pk: int) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("cite").filter(merged_into__isnull=True), pk=pk
    )
    if not can_administer(user, organisation):
        raise Http404("Structure introuvable.")
    return organisation


def can_curate(user: AnyUser, cite: CiteEducative) -> bool:
    """Publish, mark obsolete, merge duplicates: the coordination and the pilots."""
    return territory_access.can_manage(user, cite)


def get_service_for_user(user: AnyUser, pk: int, *, edit: bool = False) -> Service:
    service = get_object_or_404(
        Service.objects.select_related(
            "organisation", "organisation__cite", "organisation__commune"
        ),
        pk=pk,
    )
    organisation = service.organisation
    if edit:
        if not can_edit_organisation(user, organisation):
            raise Http404("Service introuvable.")
        return service
    if service.status in PUBLIC_STATUSES and organisation.merged_into_id is None:
        return service
    if can_edit_organisation(user, organisation) or territory_access.can_read_private(
        user, organisation.cite
    ):
        return service
    raise Http404("Service introuvable.")


def get_organisation_for_user(user: AnyUser, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("cite"), pk=pk)
    if not can_edit_organisation(user, organisation):
        raise Http404("Structure introuvable.")
    return organisation
