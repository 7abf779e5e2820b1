"""Logging in as a person does, second factor included, for tests outside the accounts app."""

import time
from base64 import b32decode

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from citeduc.accounts.models import User


def code_for_key(key: bytes, steps_ahead: int = 0) -> str:
    totp = TOTP(key, 30, 0, 6, 0)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def key_from_secret(secret: str) -> bytes:
    """The key typed from the setup page (groups of four, base32)."""
    raw = secret.replace(" ", "")
    return b32decode(raw + "=" * (-len(raw) % 8))


def code_from_secret(secret: str) -> str:
    """The code an app shows for the key typed from the setup page."""
    return code_for_key(key_from_secret(secret))


def next_code(user: User) -> str:
    """A fresh code of the account's app. A code is used once: the device's memory of the last
    one is cleared, as thirty seconds would, so that a test may log the same person in twice."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    return code_for_key(device.bin_key)


def log_in(client: Client, email: str, password: str) -> User:
    """The login form, then the second factor's setup or code when the account owes one."""
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    assert response.status_code == 302, "identifiants refusés"
    user = User.objects.get(email=email)
    probe = client.get(reverse("home"))
    location = probe.get("Location", "") if probe.status_code == 302 else ""
    # The code page's address starts with the setup page's: ask for it first.
    if location.startswith(reverse("accounts:second_factor_verify")):
        client.post(location, {"code": next_code(user)})
    elif location.startswith(reverse("accounts:second_factor_setup")):
        client.get(location)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        client.post(location, {"code": code_for_key(device.bin_key)})
    assert client.get(reverse("home")).status_code == 200
    return user
