from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from citeduc.accounts.models import ApiToken, User, hash_token


def user_for_token(raw: str) -> User | None:
    """The active owner of a valid, unrevoked token, whose last use is recorded; else None."""
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked=False, user__is_active=True)
        .first()
    )
    if api_token is None:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token.user


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer cit_…`; the request's user becomes the token's owner."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


def open_access(request: HttpRequest) -> bool:
    """After `ApiTokenAuth` in a route's auth list: open data that a token (or a session) may
    enrich, such as exact figures for a Cité's own members."""
    return True
