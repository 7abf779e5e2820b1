from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from citeduc.accounts.models import ApiToken, User, hash_token


def token_for(raw: str, kind: str) -> ApiToken | None:
    """The valid, unrevoked token of that kind with an active owner, its use recorded; else
    None. A calendar token is no API token, and the other way round."""
    api_token = (
        ApiToken.objects.select_related("user", "cite")
        .filter(key_hash=hash_token(raw), kind=kind, revoked=False, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token


def user_for_token(raw: str) -> User | None:
    """The owner of a valid API token; else None."""
    found = token_for(raw, ApiToken.Kind.API)
    return found.user if found else None


def allows(api_token: ApiToken, request: HttpRequest) -> bool:
    """Read-only tokens read; a token limited to one Cité opens only addresses naming it."""
    if api_token.scope == ApiToken.Scope.READ and request.method not in ("GET", "HEAD", "OPTIONS"):
        return False
    if api_token.cite is not None:
        match = request.resolver_match
        slug = match.kwargs.get("slug") if match else None
        return slug == api_token.cite.slug
    return True


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer cit_…`; the request's user becomes the token's owner."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = token_for(token, ApiToken.Kind.API)
        if api_token is None or not allows(api_token, request):
            return None
        request.user = api_token.user
        return api_token.user


def open_access(request: HttpRequest) -> bool:
    """After `ApiTokenAuth` in a route's auth list: open data that a token (or a session) may
    enrich, such as exact figures for a Cité's own members."""
    return True


# In the OpenAPI document of a route with `open_access`: the token is optional (an empty
# requirement, added to the token's), so that readers know no 401 can come.
OPTIONAL_TOKEN: dict[str, Any] = {"security": [{}]}
