"""Who may read or change a Cité: the one place that decides it for the territory app."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from citeduc.accounts.enums import MANAGER_ROLES
from citeduc.accounts.models import User
from citeduc.territory.models import CiteEducative

AnyUser = User | AnonymousUser


def roles_in(user: AnyUser, cite: CiteEducative) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.memberships.filter(cite=cite).values_list("role", flat=True))


def can_read_private(user: AnyUser, cite: CiteEducative) -> bool:
    """Members of the Cité, the national coordination and superusers read its private pages."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.is_national or bool(roles_in(user, cite))


def can_manage(user: AnyUser, cite: CiteEducative) -> bool:
    """Coordination and the three pilots act on their Cité; the national flag is read-only."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_in(user, cite) & MANAGER_ROLES)


def require_manager(user: AnyUser, cite: CiteEducative) -> None:
    """A page of the coordination and the pilots: others get 404, as for an unknown page."""
    if not can_manage(user, cite):
        raise Http404("Page réservée à la coordination et aux pilotes.")


def get_cite_for_user(user: AnyUser, slug: str, *, private: bool = False) -> CiteEducative:
    """The Cité of a URL. Its perimeter is public; its private pages answer 404 to outsiders,
    so that a user of one Cité cannot even learn what another Cité keeps."""
    cite = get_object_or_404(CiteEducative, slug=slug)
    if private and not can_read_private(user, cite):
        raise Http404("Cité éducative introuvable.")
    return cite


def is_national(user: AnyUser) -> bool:
    """The national coordination (or a superuser): every app asks it, so it lives here, in the
    lowest app that knows about accounts."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.is_national)


def require_national(user: AnyUser) -> None:
    if not is_national(user):
        raise Http404("Page réservée à la coordination nationale.")


def get_managed_cite(user: AnyUser, slug: str) -> CiteEducative:
    """The Cité of a URL for a page of its coordination and pilots: 404 to anyone else (the
    preamble every management view used to write out in two lines)."""
    cite = get_cite_for_user(user, slug, private=True)
    require_manager(user, cite)
    return cite
