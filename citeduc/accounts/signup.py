"""Anyone may open an account: it stays closed until its owner follows the link sent to the
address given. The answer is the same whether the address is new or already known, so that the
form tells nobody who has an account; the owner of a known address is told so by e-mail."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from citeduc.accounts.journal import Kind, client_address, record
from citeduc.accounts.models import LoginEvent, User
from citeduc.accounts.notify import send_email

SALT = "citeduc.signup"
MAX_AGE = 3 * 24 * 3600
# Past this many sign-ups from one address in an hour, nothing more is sent (the same answer).
PER_ADDRESS_HOURLY = 10


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)


def user_of_token(token: str) -> User | None:
    """The account a link opens, or None when the link is forged, altered or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return User.objects.filter(pk=data["u"], email=data.get("e", "")).first()


def sign_up(request: HttpRequest, *, email: str, full_name: str, password: str) -> None:
    recent = LoginEvent.objects.filter(
        kind=Kind.SIGNUP,
        at__gte=timezone.now() - timedelta(hours=1),
        ip_address=client_address(request),
    ).count()
    record(request, Kind.SIGNUP, email=email)
    if recent >= PER_ADDRESS_HOURLY:
        return
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is not None and user.is_active:
            send_email(
                user.email,
                user.get_full_name(),
                "Vous avez déjà un compte",
                "Quelqu'un (sans doute vous) a voulu créer un compte avec cette adresse, qui en "
                "a déjà un. Connectez-vous, ou choisissez un nouveau mot de passe depuis la page "
                "de connexion (« Mot de passe oublié »). Si ce n'était pas vous, ignorez ce "
                "message : rien n'a changé.",
                url=reverse("accounts:login"),
                link_label="Se connecter",
                in_inbox=False,
            )
            return
        if user is None:
            user = User.objects.create_user(
                email, password=password, full_name=full_name, is_active=False
            )
        else:  # signed up before without confirming: the latest form counts
            user.full_name = full_name
            user.set_password(password)
            user.save(update_fields=["full_name", "password"])
    send_email(
        user.email,
        user.get_full_name(),
        "Confirmez votre adresse pour ouvrir votre compte",
        "Bienvenue ! Pour ouvrir votre compte, confirmez votre adresse en suivant ce lien "
        "(valable trois jours). Vous pourrez ensuite rattacher votre structure à une Cité "
        "éducative ou la déclarer.",
        url=reverse("accounts:signup_confirm", args=[confirmation_token(user)]),
        link_label="Confirmer mon adresse",
        in_inbox=False,
    )


def confirm(user: User) -> bool:
    """Open the account; False when it was already open."""
    if user.is_active:
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True
