import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import ApiToken, User, hash_token
from citeduc.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from citeduc.territory.tests.factories import CiteFactory


@pytest.mark.django_db
def test_login_by_email_case_insensitive_then_logout(client: Client) -> None:
    user = UserFactory.create(email="camille@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "Camille@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_password_keeps_the_email_and_says_why(client: Client) -> None:
    UserFactory.create(email="camille@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "camille@example.org", "password": "faux"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in html
    assert 'value="camille@example.org"' in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_redirects_to_next_page(client: Client) -> None:
    UserFactory.create(email="camille@example.org")
    response = client.post(
        reverse("accounts:login") + "?next=/plan-du-site/",
        {"username": "camille@example.org", "password": PASSWORD, "next": "/plan-du-site/"},
    )
    assert response["Location"] == "/plan-du-site/"


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(client: Client) -> None:
    UserFactory.create(email="camille@example.org", is_active=False)
    response = client.post(
        reverse("accounts:login"), {"username": "camille@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_create_api_token_prints_a_token_stored_as_a_hash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = UserFactory.create(email="lou@example.org")
    call_command("create_api_token", "lou@example.org", "--name", "ANCT")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=user)
    assert raw.startswith("cit_")
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.name == "ANCT"
    assert token.scope == ApiToken.Scope.READ and token.cite is None
    cite = CiteFactory.create(slug="dijon")
    call_command("create_api_token", "lou@example.org", "--cite", "dijon")
    assert ApiToken.objects.filter(user=user, cite=cite).count() == 1
    with pytest.raises(CommandError, match="Aucune Cité"):
        call_command("create_api_token", "lou@example.org", "--cite", "nulle-part")


@pytest.mark.django_db
def test_membership_changes_are_kept_in_history() -> None:
    membership = MembershipFactory.create()
    membership.role = Role.PILOTE_ETAT
    membership.save()
    assert [h.role for h in membership.history.order_by("history_id")] == [
        "coordination",
        "pilote_etat",
    ]


@pytest.mark.django_db
def test_user_manager_requires_email() -> None:
    with pytest.raises(ValueError, match="e-mail est obligatoire"):
        User.objects.create_user("", "x")
