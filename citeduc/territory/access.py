"""Who may read or change a Cité, and who is national: the one place every app asks.

It lives in territory, the lowest app that knows Cités, and reads the person through the
attributes every account has (``Person``) rather than importing accounts, which sits above
territory (docs/architecture.md). The decorators at the end are the preambles of the views."""

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, Protocol

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from citeduc.territory.enums import MANAGER_ROLES
from citeduc.territory.models import CiteEducative


class Person(Protocol):
    """A logged-in account as the access rules read it (``accounts.User`` is one)."""

    pk: Any

    @property
    def is_authenticated(self) -> Literal[True]: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def is_national(self) -> bool: ...

    @property
    def memberships(self) -> Any: ...  # accounts.Membership, by its reverse relation


AnyUser = Person | AnonymousUser


def roles_in(user: AnyUser, cite: CiteEducative) -> set[str]:
    """The user's roles in the Cité, read once per user object (one request's ``request.user``:
    the menu, the view and its template ask several rules of the same Cité), as Django keeps a
    user's permissions."""
    if not user.is_authenticated:
        return set()
    known: dict[int, frozenset[str]] = user.__dict__.setdefault("_citeduc_roles", {})
    if cite.pk not in known:
        known[cite.pk] = frozenset(
            user.memberships.filter(cite=cite).values_list("role", flat=True)
        )
    return set(known[cite.pk])


def can_read_private(user: AnyUser, cite: CiteEducative, roles: set[str] | None = None) -> bool:
    """Members of the Cité, the national coordination and superusers read its private pages.
    ``roles``: the user's roles in the Cité when already read (the menu asks many rules)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_national:
        return True
    return bool(roles if roles is not None else roles_in(user, cite))


def can_manage(user: AnyUser, cite: CiteEducative, roles: set[str] | None = None) -> bool:
    """Coordination and the three pilots act on their Cité; the national flag is read-only."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool((roles if roles is not None else roles_in(user, cite)) & MANAGER_ROLES)


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
    """The national coordination (or a superuser)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.is_national)


def require_national(user: AnyUser) -> None:
    if not is_national(user):
        raise Http404("Page réservée à la coordination nationale.")


def get_managed_cite(user: AnyUser, slug: str) -> CiteEducative:
    """The Cité of a URL for a page of its coordination and pilots: 404 to anyone else."""
    cite = get_cite_for_user(user, slug, private=True)
    require_manager(user, cite)
    return cite


# ---- the preambles of the views -----------------------------------------------------------------


def _with_cite[R: HttpResponseBase](
    find: Callable[[AnyUser, str], CiteEducative],
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> R:
            return view(request, find(request.user, slug), *args, **kwargs)

        return wrapper

    return decorator


def _private_cite(user: AnyUser, slug: str) -> CiteEducative:
    return get_cite_for_user(user, slug, private=True)


# The preambles as decorators, placed right above the view (under ``@login_required`` and the
# method checks, which keep their order). A view of the Cité's coordination and pilots is called
# with the Cité instead of its slug; anyone else gets 404.
cite_manager = _with_cite(get_managed_cite)
# A private view of the Cité (its members and the national coordination), same shape.
cite_reader = _with_cite(_private_cite)


def national_only[R: HttpResponseBase](view: Callable[..., R]) -> Callable[..., R]:
    """A page of the national coordination: 404 to anyone else."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
        require_national(request.user)
        return view(request, *args, **kwargs)

    return wrapper
