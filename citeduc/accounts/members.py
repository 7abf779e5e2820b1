"""The coordination gives roles in its Cité: to an existing account (a ProConnect agent who
logged in once, say) found by e-mail, or to a new account that will log in by ProConnect or set
its password from the login page's link."""

from django.db import transaction
from django.db.models import QuerySet

from citeduc.accounts.enums import MANAGER_ROLES, Role
from citeduc.accounts.models import Membership, User
from citeduc.territory.models import CiteEducative


def add_member(
    cite: CiteEducative, email: str, role: str, full_name: str = ""
) -> tuple[Membership, bool]:
    """The role, and whether the account is new (and must be invited to choose a password)."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        new = user is None
        if user is None:
            user = User.objects.create_user(email, password=None, full_name=full_name)
        membership, _ = Membership.objects.get_or_create(user=user, cite=cite, role=role)
    return membership, new


def remove_member(membership: Membership) -> None:
    with transaction.atomic():
        membership.delete()


def coordination_of(cite_id: int) -> QuerySet[User]:
    """Who is told what the coordination must act on: the Cité's coordination, or its pilots
    while it has none."""
    members = User.objects.filter(memberships__cite=cite_id).distinct()
    coordination = members.filter(memberships__role=Role.COORDINATION)
    return (
        coordination
        if coordination.exists()
        else members.filter(memberships__role__in=MANAGER_ROLES)
    )
