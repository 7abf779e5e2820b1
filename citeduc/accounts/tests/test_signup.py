"""Anyone opens an account; it stays closed until the link sent to its address is followed."""

import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from citeduc.accounts import signup
from citeduc.accounts.models import LoginEvent, User

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Inès Trésorière",
    "email": "Ines@Asso-Quartier.example.org",
    "password1": "un vélo rouge sous la pluie",
    "password2": "un vélo rouge sous la pluie",
}


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/inscription/confirmer/[^\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_sign_up_confirm_then_log_in(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), FORM)
    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get(email="ines@asso-quartier.example.org")
    assert not user.is_active and user.full_name == "Inès Trésorière"
    assert "ines@asso-quartier.example.org" in client.get(response["Location"]).content.decode()
    # Closed until confirmed: the right password does not open it.
    refused = client.post(
        reverse("accounts:login"), {"username": user.email, "password": FORM["password1"]}
    )
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == [user.email] and "Confirmez votre adresse" in message.subject
    opened = client.get(link_in(message))
    assert opened["Location"] == reverse("directory:my_structures")
    user.refresh_from_db()
    assert user.is_active and client.session["_auth_user_id"] == str(user.pk)
    assert LoginEvent.objects.filter(user=user, kind=LoginEvent.Kind.SIGNUP_CONFIRMED).exists()
    # The link a second time: already open, sent to the login page.
    client.logout()
    assert client.get(link_in(message))["Location"] == reverse("accounts:login")


def test_a_known_address_is_told_by_mail_and_the_form_says_the_same(client: Client) -> None:
    User.objects.create_user("ines@asso-quartier.example.org", "ancien mot de passe 123")
    response = client.post(reverse("accounts:signup"), FORM)
    assert response["Location"] == reverse("accounts:signup_sent")
    [message] = mail.outbox
    assert "déjà un compte" in message.subject and "/inscription/confirmer/" not in message.body
    assert User.objects.get().check_password("ancien mot de passe 123")


def test_signing_up_again_before_confirming_sends_a_new_link(client: Client) -> None:
    client.post(reverse("accounts:signup"), FORM)
    client.post(reverse("accounts:signup"), {**FORM, "full_name": "Inès T."})
    assert User.objects.get().full_name == "Inès T." and len(mail.outbox) == 2


def test_bad_input_keeps_what_was_typed(client: Client) -> None:
    response = client.post(
        reverse("accounts:signup"), {**FORM, "password2": "autre chose encore ici"}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Les deux mots de passe ne sont pas identiques." in html
    assert 'value="Inès Trésorière"' in html and not User.objects.exists()
    short = client.post(
        reverse("accounts:signup"), {**FORM, "password1": "court", "password2": "court"}
    )
    assert short.status_code == 400 and not User.objects.exists()


def test_a_forged_or_old_link_says_so(client: Client) -> None:
    user = User.objects.create_user("x@example.org", "un mot de passe long", is_active=False)
    forged = signup.confirmation_token(user)[:-2] + "xx"
    response = client.get(reverse("accounts:signup_confirm", args=[forged]))
    assert response.status_code == 400 and "ne fonctionne pas" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active


def test_sign_ups_from_one_address_are_capped(client: Client) -> None:
    for n in range(signup.PER_ADDRESS_HOURLY + 2):
        client.post(reverse("accounts:signup"), {**FORM, "email": f"p{n}@example.org"})
    assert len(mail.outbox) == signup.PER_ADDRESS_HOURLY
