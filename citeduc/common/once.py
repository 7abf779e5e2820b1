"""One-time tokens against double submission (a double click, a form sent from two tabs).

A form that writes money carries a hidden token, signed for one account and one purpose. The
view spends it in the same transaction as its write: the first submission records it, a second
one meets the unique index and is refused with a clear message. A write refused by a rule rolls
the spending back with it, so the person can correct the form and send it again."""

import hashlib
import secrets
from typing import Any

from django import forms
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from citeduc.common.models import SpentFormToken

SALT = "citeduc.once"
MAX_AGE = 2 * 24 * 3600  # a form left open over a weekend is better refreshed
ALREADY_SENT = (
    "Ce formulaire a déjà été envoyé (double clic ou second onglet) : rien n'a été enregistré "
    "une seconde fois. Rechargez la page pour voir l'état à jour."
)


def new_token(request: HttpRequest, purpose: str) -> str:
    return signing.dumps(
        {"u": request.user.pk, "p": purpose, "n": secrets.token_urlsafe(16)}, salt=SALT
    )


def spend(request: HttpRequest, purpose: str, token: str) -> bool:
    """Records the token as used; False when it is not valid for this account and purpose, too
    old, or already used. Call it inside the transaction that writes."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or data.get("u") != request.user.pk or data.get("p") != purpose:
        return False
    digest = hashlib.sha256(token.encode()).hexdigest()
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(digest=digest)
    except IntegrityError:
        return False
    return True


class OnceMixin(forms.Form):
    """A form with the hidden one-time token; the view gives it with `once_initial`."""

    once = forms.CharField(widget=forms.HiddenInput, required=False)


def once_initial(request: HttpRequest, purpose: str, **initial: Any) -> dict[str, Any]:
    return {**initial, "once": new_token(request, purpose)}
