"""ProConnect: agents of the State, the cities and the schools log in with their work account
through OpenID Connect (mozilla-django-oidc), instead of a password kept here.

An account is matched by its e-mail address; an unknown agent gets an account with no role, and
the coordination of a Cité gives it its roles (`territory:cite_members`). When ProConnect says the
agent passed a second factor (the `acr` of its ID token), our own TOTP is not asked again.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from citeduc.accounts.models import User

logger = logging.getLogger(__name__)

# The session key saying the identity provider itself checked a second factor.
PROVIDER_SECOND_FACTOR = "citeduc_provider_second_factor"


def proconnect_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class ProConnectBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """A token that fails a check is a failed login (back to the login page with a
        message), not an error page."""
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except SuspiciousOperation as refused:
            logger.warning("Connexion ProConnect refusée : %s", refused)
            return None
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """mozilla-django-oidc checks the signature and the nonce; the audience and the issuer
        are checked here, so that a token minted for another service is refused."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if "nonce" not in kwargs:  # the signed userinfo answer, not the ID token
            return payload
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("Jeton ProConnect destiné à un autre service.")
        issuer = settings.CITEDUC_PROCONNECT_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("Jeton ProConnect d'un autre émetteur.")
        self.acr = str(payload.get("acr") or "")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(str(claims.get("email") or "").strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = str(claims["email"]).strip().lower()
        return User.objects.filter(email__iexact=email)

    def create_user(self, claims: dict[str, Any]) -> User:
        """An agent unknown here gets an account with no role and no password."""
        return User.objects.create_user(
            str(claims["email"]).strip().lower(), password=None, full_name=full_name(claims)
        )

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not user.full_name and full_name(claims):
            user.full_name = full_name(claims)
            user.save(update_fields=["full_name"])
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            user.provider_acr = getattr(self, "acr", "")  # type: ignore[attr-defined]
        return user


def full_name(claims: dict[str, Any]) -> str:
    """ProConnect gives `given_name` and `usual_name`; other providers `family_name`."""
    family = claims.get("usual_name") or claims.get("family_name") or ""
    return f"{claims.get('given_name') or ''} {family}".strip()[:150]


class _OnlyWhenConfigured:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not proconnect_enabled():
            raise Http404("ProConnect n'est pas configuré sur cette instance.")
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response


class ProConnectStart(_OnlyWhenConfigured, OIDCAuthenticationRequestView):
    pass


class ProConnectCallback(_OnlyWhenConfigured, OIDCAuthenticationCallbackView):
    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        acr = getattr(self.user, "provider_acr", "")
        self.request.session[PROVIDER_SECOND_FACTOR] = acr in settings.CITEDUC_PROCONNECT_MFA_ACR
        return response
