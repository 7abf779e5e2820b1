"""The second factor through the forms: enrolment, login with a code or a recovery code, who must
use it, the admin and the API behind it, and the login journal that follows each step."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from citeduc.accounts.enums import Role
from citeduc.accounts.models import LoginEvent, User
from citeduc.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from citeduc.accounts.tests.login import code_for_key, key_from_secret
from citeduc.territory.tests.factories import CiteFactory

Kind = LoginEvent.Kind


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or a step later, since a code is used once)."""
    return code_for_key(device.bin_key, steps_ahead)


def password_login(client: Client, user: User, next_url: str = "") -> str:
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def space_of(user: User) -> str:
    return reverse("territory:cite_space", args=[user.memberships.get().cite.slug])


@pytest.fixture
def coordination(db: None) -> User:
    return MembershipFactory.create(role=Role.COORDINATION, cite=CiteFactory.create()).user


def enrol(client: Client, user: User) -> list[str]:
    """Goes through the setup page as a person would; returns the recovery codes shown."""
    page = client.get(reverse("accounts:second_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    shown_key = re.search(r'<code id="cle-totp">([A-Z2-7 ]+)</code>', html)
    assert shown_key is not None
    assert key_from_secret(shown_key.group(1)) == device.bin_key
    response = client.post(reverse("accounts:second_factor_setup"), {"code": code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    return codes


def test_a_coordinator_is_sent_to_set_up_a_second_factor_before_any_page(
    client: Client, coordination: User
) -> None:
    space = space_of(coordination)
    assert password_login(client, coordination, space) == space
    response = client.get(space)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_setup"))
    assert "next=" in response["Location"]
    # Not even a public page opens before the second factor is set up.
    assert client.get(reverse("home")).status_code == 302

    codes = enrol(client, coordination)
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.filter(user=coordination, confirmed=True).count() == 1
    assert StaticToken.objects.filter(device__user=coordination).count() == 10
    assert client.get(space).status_code == 200
    kinds = list(coordination.login_events.values_list("kind", flat=True))
    assert Kind.LOGIN in kinds and Kind.SECOND_FACTOR_ON in kinds


def test_a_wrong_first_code_does_not_turn_the_second_factor_on(
    client: Client, coordination: User
) -> None:
    password_login(client, coordination)
    client.get(reverse("accounts:second_factor_setup"))
    response = client.post(reverse("accounts:second_factor_setup"), {"code": "000000x"})
    assert response.status_code == 200
    assert "Ce code ne correspond pas" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coordination, confirmed=True).exists()
    assert client.get(space_of(coordination)).status_code == 302


def test_next_login_asks_the_code_and_refuses_a_wrong_one(
    client: Client, coordination: User
) -> None:
    password_login(client, coordination)
    enrol(client, coordination)
    client.post(reverse("accounts:logout"))

    space = space_of(coordination)
    password_login(client, coordination, space)
    response = client.get(space)
    assert response["Location"].startswith(reverse("accounts:second_factor_verify"))
    wrong = client.post(reverse("accounts:second_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "Code incorrect" in wrong.content.decode()
    assert client.get(space).status_code == 302
    device = TOTPDevice.objects.get(user=coordination)
    # The throttle of django-otp waits after a failure: start it again as time would.
    device.throttle_reset()
    right = client.post(
        reverse("accounts:second_factor_verify"), {"code": code(device, 1), "next": space}
    )
    assert right.status_code == 302 and right["Location"] == space
    assert client.get(space).status_code == 200
    kinds = list(coordination.login_events.values_list("kind", flat=True))
    assert Kind.SECOND_FACTOR_FAILED in kinds and Kind.SECOND_FACTOR in kinds


def test_repeated_wrong_codes_are_throttled(client: Client, coordination: User) -> None:
    password_login(client, coordination)
    enrol(client, coordination)
    client.post(reverse("accounts:logout"))
    password_login(client, coordination)
    for _ in range(3):
        client.post(reverse("accounts:second_factor_verify"), {"code": "000000"})
    device = TOTPDevice.objects.get(user=coordination)
    # The first failure opens a wait (1 s, doubling each time); attempts inside it are refused
    # without being checked, so a guesser cannot try a million codes.
    assert device.throttling_failure_count == 1
    # Even the right code waits for the throttle to pass.
    response = client.post(reverse("accounts:second_factor_verify"), {"code": code(device, 1)})
    assert response.status_code == 200
    assert client.get(space_of(coordination)).status_code == 302


def test_a_recovery_code_works_once(client: Client, coordination: User) -> None:
    password_login(client, coordination)
    codes = enrol(client, coordination)
    client.post(reverse("accounts:logout"))

    password_login(client, coordination)
    response = client.post(reverse("accounts:second_factor_verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=coordination).count() == 9
    client.post(reverse("accounts:logout"))

    password_login(client, coordination)
    again = client.post(reverse("accounts:second_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert client.get(space_of(coordination)).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client: Client, coordination: User) -> None:
    password_login(client, coordination)
    old = enrol(client, coordination)
    device = TOTPDevice.objects.get(user=coordination)
    response = client.post(reverse("accounts:recovery_codes"), {"code": code(device, 1)})
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10
    stored = set(
        StaticToken.objects.filter(device__user=coordination).values_list("token", flat=True)
    )
    assert stored == set(new) and not stored & set(old)


def test_a_porteur_may_work_without_and_choose_it(client: Client, db: None) -> None:
    porteur = MembershipFactory.create(role=Role.PORTEUR).user
    password_login(client, porteur)
    assert client.get(space_of(porteur)).status_code == 200
    security = client.get(reverse("accounts:security")).content.decode()
    assert "Il est facultatif pour votre rôle" in security

    recovery = enrol(client, porteur)
    client.post(reverse("accounts:logout"))
    password_login(client, porteur)
    assert client.get(space_of(porteur))["Location"].startswith(
        reverse("accounts:second_factor_verify")
    )
    device = TOTPDevice.objects.get(user=porteur)
    client.post(reverse("accounts:second_factor_verify"), {"code": recovery[0]})
    page = client.get(reverse("accounts:second_factor_remove"))
    assert page.status_code == 200 and "Tapez le code de votre application" in page.content.decode()
    client.post(reverse("accounts:second_factor_remove"), {"code": code(device, 1)})
    assert not TOTPDevice.objects.filter(user=porteur).exists()
    assert porteur.login_events.filter(kind=Kind.SECOND_FACTOR_OFF).exists()


def test_a_role_that_requires_it_cannot_remove_it(client: Client, coordination: User) -> None:
    password_login(client, coordination)
    enrol(client, coordination)
    response = client.post(reverse("accounts:second_factor_remove"), follow=True)
    assert "ne peut être retiré" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordination, confirmed=True).exists()


@pytest.mark.parametrize("kind", ["national", "staff", "pilote_etat"])
def test_national_staff_and_pilots_must_use_it(client: Client, db: None, kind: str) -> None:
    if kind == "pilote_etat":
        user = MembershipFactory.create(role=Role.PILOTE_ETAT).user
    else:
        user = UserFactory.create(is_national=kind == "national", is_staff=kind == "staff")
    password_login(client, user)
    for page in (reverse("home"), reverse("accounts:security")):
        assert client.get(page)["Location"].startswith(reverse("accounts:second_factor_setup"))
    assert client.get(reverse("accounts:second_factor_setup")).status_code == 200


def test_the_admin_is_behind_the_second_factor(client: Client, db: None) -> None:
    User.objects.create_superuser("admin@example.org", PASSWORD)
    response = client.post(
        reverse("admin:login"), {"username": "admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302
    assert admin["Location"].startswith(reverse("accounts:second_factor_setup"))


def test_an_unverified_session_counts_for_nothing_on_the_api(
    client: Client, coordination: User
) -> None:
    password_login(client, coordination)
    slug = coordination.memberships.get().cite.slug
    assert client.get(f"/api/cites/{slug}/plan").status_code == 401


def test_the_requirement_can_be_turned_off_for_a_local_demo(
    client: Client, coordination: User, settings: pytest.FixtureRequest
) -> None:
    settings.CITEDUC_REQUIRE_2FA = False  # type: ignore[attr-defined]
    password_login(client, coordination)
    assert client.get(space_of(coordination)).status_code == 200


def test_next_never_leads_off_site(client: Client, coordination: User) -> None:
    password_login(client, coordination)
    client.get(reverse("accounts:second_factor_setup"))
    device = TOTPDevice.objects.get(user=coordination)
    response = client.post(
        reverse("accounts:second_factor_setup"),
        {"code": code(device), "next": "https://pirate.example.com/"},
    )
    assert "pirate.example.com" not in response.content.decode()


def test_a_stolen_password_cannot_replace_the_phone(client: Client, coordination: User) -> None:
    """With the password only, the setup page sends to the code of the existing phone: a
    thief cannot enrol a phone of its own in its place."""
    password_login(client, coordination)
    enrol(client, coordination)
    client.post(reverse("accounts:logout"))
    password_login(client, coordination)
    response = client.get(reverse("accounts:second_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_verify"))
    assert (
        client.post(reverse("accounts:second_factor_setup"), {"code": "123456"}).status_code == 302
    )
    assert TOTPDevice.objects.filter(user=coordination).count() == 1
    assert client.get(space_of(coordination)).status_code == 302


# ---- attacks: the password alone, or an unattended session, must not touch the second factor ----


def test_the_password_alone_opens_no_page_under_the_second_factor(
    client: Client, coordination: User
) -> None:
    """Reproduces the attack: with the password only, POST /secours/ gave ten fresh codes and
    one of them passed the code page; /retirer/ took an optional factor off before the code."""
    password_login(client, coordination)
    enrol(client, coordination)
    porteur = MembershipFactory.create(role=Role.PORTEUR).user
    porteur_client = Client()
    password_login(porteur_client, porteur)
    enrol(porteur_client, porteur)
    before = set(StaticToken.objects.values_list("token", flat=True))

    for user in (coordination, porteur):
        thief = Client()
        password_login(thief, user)
        for name in ("accounts:recovery_codes", "accounts:second_factor_remove"):
            for response in (thief.get(reverse(name)), thief.post(reverse(name), {"code": ""})):
                assert response.status_code == 302, name
                assert response["Location"].startswith(reverse("accounts:second_factor_verify"))
        # Any other path below the setup page is closed too: only exact pages are exempt.
        lookalike = reverse("accounts:second_factor_setup") + "secours/../../securite/"
        assert thief.get(lookalike).status_code in (302, 404)
        assert thief.get(reverse("accounts:security")).status_code == 302
    assert set(StaticToken.objects.values_list("token", flat=True)) == before
    assert TOTPDevice.objects.filter(user=porteur, confirmed=True).exists()


def test_a_verified_session_still_needs_a_fresh_app_code(
    client: Client, coordination: User
) -> None:
    """An unattended, verified session: a new set of codes asks the app's current code, not a
    recovery code nor nothing, and what was typed stays in the form."""
    password_login(client, coordination)
    old = enrol(client, coordination)
    device = TOTPDevice.objects.get(user=coordination)
    url = reverse("accounts:recovery_codes")
    for typed in ("", "000000", old[0]):
        response = client.post(url, {"code": typed})
        assert response.status_code == 400, typed
        assert "<li><code>" not in response.content.decode()
    assert set(
        StaticToken.objects.filter(device__user=coordination).values_list("token", flat=True)
    ) == set(old)
    assert coordination.login_events.filter(kind=Kind.SECOND_FACTOR_FAILED).count() == 2
    # A person takes longer than the app's throttle delay after a wrong code; the test does not.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(url, {"code": code(device, 1)})
    assert response.status_code == 200
    assert len(re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())) == 10


def test_pages_that_ask_the_app_say_so(client: Client, coordination: User) -> None:
    """Where only the app's code is taken, the help does not offer a recovery code."""
    password_login(client, coordination)
    enrol(client, coordination)
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert "affichés maintenant par votre application" in page
    assert "ou un code de secours" not in page
