"""The second factor: a TOTP code from an authenticator app, or a single-use recovery code.

It is required of the accounts that decide or see everything of a Cité — pilots, coordination,
national coordination, staff — and optional for the others (porteurs, body members), who may turn
it on from their security page; once on, it is asked at every login.
"""

from base64 import b32encode
from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from citeduc.accounts.enums import MANAGER_ROLES
from citeduc.accounts.models import User
from citeduc.accounts.proconnect import PROVIDER_SECOND_FACTOR
from citeduc.common.text import is_digits

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"

# Paths an account that still owes its second factor may open: logging in and out, the second
# factor pages themselves, files the pages need, and the health check.
OPEN_PREFIXES = ("/static/", "/sante/")
EXEMPT_PAGES = (
    "accounts:login",
    "accounts:logout",
    "accounts:second_factor_verify",
    "accounts:second_factor_setup",
    "accounts:proconnect_start",
    "accounts:proconnect_callback",
)


def is_required(user: User) -> bool:
    """Whether the account must use a second factor, whatever it chose."""
    if not settings.CITEDUC_REQUIRE_2FA:
        return False
    if user.is_national or user.is_staff or user.is_superuser:
        return True
    return user.memberships.filter(role__in=MANAGER_ROLES).exists()


def has_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_owed(request: HttpRequest) -> bool:
    """A logged-in account that must still prove its second factor in this session: not once
    it typed a code, nor when ProConnect vouched for a second factor of its own."""
    user = request.user
    if not isinstance(user, User) or user.is_verified():  # type: ignore[attr-defined]
        return False
    if request.session.get(PROVIDER_SECOND_FACTOR):
        return False
    return is_required(user) or has_app(user)


def safe_next(request: HttpRequest, default: str = "/") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


class SecondFactorMiddleware:
    """After OTPMiddleware: an account owing its second factor is sent to prove it (or to set it
    up) before any page; on the API, its session counts for nothing (a token still works)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.exempt: frozenset[str] = frozenset()

    def is_exempt(self, path: str) -> bool:
        """Exact paths only (a prefix would open every page below the setup page), plus the
        static files and the health check."""
        if not self.exempt:
            self.exempt = frozenset(reverse(name) for name in EXEMPT_PAGES)
        return path in self.exempt or path.startswith(OPEN_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and not self.is_exempt(request.path):
            if is_owed(request):
                if request.path.startswith("/api/"):
                    request.user = AnonymousUser()
                else:
                    # The code page if the account has an app to ask, else the setup page.
                    name = "verify" if has_app(user) else "setup"
                    target = reverse(f"accounts:second_factor_{name}")
                    return HttpResponseRedirect(
                        f"{target}?{urlencode({'next': request.get_full_path()})}"
                    )
        return self.get_response(request)


# ---- devices ------------------------------------------------------------------------------------


def pending_app(user: User) -> TOTPDevice:
    """The unconfirmed app device being set up (one per account, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The key in base32, by groups of four, for typing into an app that cannot scan."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The `otpauth://` address as an inline SVG QR code, drawn without any script or style."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def new_recovery_codes(user: User) -> list[str]:
    """Replaces the account's recovery codes with ten new single-use ones, and returns them."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def confirm_app(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms the app device with its first code; returns fresh recovery codes, or None."""
    with transaction.atomic():
        if not device.verify_token(code.replace(" ", "")):
            return None
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return new_recovery_codes(device.user)


def verify(request: HttpRequest, code: str) -> Device | None:
    """Checks a code against the account's app, then its recovery codes (each is used once);
    every device throttles its own failures."""
    token = code.replace(" ", "").strip()
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(request.user, for_verify=True):
            if isinstance(device, TOTPDevice) and not is_digits(token):
                continue  # a recovery code: do not count it as a failure of the app
            if device.verify_token(token):
                otp_login(request, device)
                return device
    return None


def fresh_app_code(user: User, code: str) -> bool:
    """Whether `code` is the one the account's app shows now: what a change to the second factor
    itself asks, on top of a verified session (a recovery code is not enough there)."""
    token = code.replace(" ", "").strip()
    if not is_digits(token):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        return device is not None and bool(device.verify_token(token))


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def remove(user: User) -> None:
    """Turns the second factor off (only for accounts that do not require it)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
