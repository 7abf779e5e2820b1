"""The login journal: every login, failure, lockout, logout and second-factor event is written
with the account (or the address typed), the client's address and the time."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from citeduc.accounts.models import LoginEvent, User

Kind = LoginEvent.Kind


def client_address(request: HttpRequest | None) -> str | None:
    """The address django-axes worked out (it knows the proxies in front), else the socket's."""
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None, kind: str, user: User | None = None, email: str = ""
) -> LoginEvent:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return LoginEvent.objects.create(
        user=user,
        email=(email or (user.email if user else ""))[:254],
        kind=kind,
        ip_address=client_address(request),
        user_agent=agent[:200],
    )


def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    via_proconnect = getattr(user, "backend", "").endswith("ProConnectBackend")
    record(request, Kind.PROCONNECT if via_proconnect else Kind.LOGIN, user)


def _logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record(request, Kind.LOGOUT, user)


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    typed = str(credentials.get("username") or credentials.get("email") or "").lower()
    record(request, Kind.FAILED, User.objects.filter(email=typed).first(), typed)


def _locked_out(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    typed = (username or "").lower()
    record(request, Kind.LOCKED, User.objects.filter(email=typed).first(), typed)


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(_logged_in, dispatch_uid="citeduc_journal_login")
    user_logged_out.connect(_logged_out, dispatch_uid="citeduc_journal_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="citeduc_journal_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="citeduc_journal_locked")


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The account django-axes counts failures against: the e-mail typed, in lower case, as the
    login itself reads it (otherwise `Camille@…` and `camille@…` would be counted apart)."""
    typed = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(typed).strip().lower()
