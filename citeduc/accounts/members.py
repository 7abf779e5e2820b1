"""The coordination gives roles in its Cité: to an existing account (a ProConnect agent who
logged in once, say) found by e-mail, or to a new account that will log in by ProConnect or set
its password from the login page's link."""

from django.db import transaction

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
