"""Choosing a password by e-mail: forgotten passwords, and the first access of an account the
coordination created."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.accounts.tests.factories import UserFactory
from tests.support.world import World

NEW_PASSWORD = "un nouveau mot de passe solide"


def link_in(message: object) -> str:
    found = re.search(r"http://testserver(/connexion/mot-de-passe/[^/\s]+/[^/\s]+/)", str(message))
    assert found, message
    return found.group(1)


def choose(client: Client, link: str) -> None:
    form = client.get(link, follow=True)  # Django moves the token out of the address
    assert "Choisir un mot de passe" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")


def test_a_forgotten_password_is_chosen_again_once(client: Client, db: None) -> None:
    user = UserFactory.create(email="camille@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "Camille@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["camille@example.org"]]
    link = link_in(mail.outbox[0].body)
    choose(client, link)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    again = client.get(link, follow=True).content.decode()
    assert "Ce lien n'est plus valable" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: Client, db: None) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "personne@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_weak_password_is_refused_and_the_link_still_works(client: Client, db: None) -> None:
    UserFactory.create(email="camille@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "camille@example.org"})
    form = client.get(link_in(mail.outbox[0].body), follow=True)
    url = form.redirect_chain[-1][0]
    weak = client.post(url, {"new_password1": "123456", "new_password2": "123456"})
    assert weak.status_code == 200
    assert "trop court" in weak.content.decode()
    ok = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert ok.status_code == 302


def test_a_new_member_is_invited_to_choose_a_password(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COORDINATION])
    client.post(
        reverse("accounts:member_add", args=[world.cite.slug]),
        {"email": "tresorier@asso.example.org", "role": Role.PORTEUR},
        follow=True,
    )
    assert [m.to for m in mail.outbox] == [["tresorier@asso.example.org"]]
    assert world.cite.name in mail.outbox[0].subject
    client.post(reverse("accounts:logout"))
    choose(client, link_in(mail.outbox[0].body))
    assert User.objects.get(email="tresorier@asso.example.org").check_password(NEW_PASSWORD)


def test_an_existing_account_given_a_role_gets_no_invitation(client: Client, world: World) -> None:
    UserFactory.create(email="deja@example.org")
    client.force_login(world.users[Role.COORDINATION])
    client.post(
        reverse("accounts:member_add", args=[world.cite.slug]),
        {"email": "deja@example.org", "role": Role.PORTEUR},
    )
    assert mail.outbox == []


def test_the_form_floods_no_mailbox(client: Client, db: None) -> None:
    UserFactory.create(email="camille@example.org")
    for _ in range(5):
        response = client.post(reverse("accounts:password_reset"), {"email": "camille@example.org"})
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3  # then the same answer, and nothing sent
    for n in range(8):
        client.post(reverse("accounts:password_reset"), {"email": f"autre{n}@example.org"})
    UserFactory.create(email="dominique@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "dominique@example.org"})
    assert len(mail.outbox) == 3  # ten requests from this address within the hour
