"""ProConnect end to end against a real OpenID provider on loopback (oidc_provider.py): the
browser's part is played by the test client, citeduc talks to the provider over HTTP."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import LoginEvent, User
from citeduc.accounts.tests.factories import MembershipFactory
from citeduc.accounts.tests.oidc_provider import Provider, serve

CALLBACK = "http://testserver/proconnect/retour/"


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    idp = Provider(client_id="citeduc-test", client_secret="secret-de-test", redirect_uri=CALLBACK)
    server = serve(idp)
    s = settings
    s.OIDC_RP_CLIENT_ID = idp.client_id
    s.OIDC_RP_CLIENT_SECRET = idp.client_secret
    s.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp.url}/authorize"
    s.OIDC_OP_TOKEN_ENDPOINT = f"{idp.url}/token"
    s.OIDC_OP_USER_ENDPOINT = f"{idp.url}/userinfo"
    s.OIDC_OP_JWKS_ENDPOINT = f"{idp.url}/jwks"
    s.OIDC_OP_LOGOUT_ENDPOINT = f"{idp.url}/session/end"
    s.CITEDUC_PROCONNECT_ISSUER = idp.url
    s.AUTHENTICATION_BACKENDS = [
        *s.AUTHENTICATION_BACKENDS,
        "citeduc.accounts.proconnect.ProConnectBackend",
    ]
    yield idp
    server.shutdown()
    server.server_close()


def agent(email: str, given: str = "Inès", usual: str = "Martin") -> dict[str, str]:
    return {"sub": f"sub-{email}", "email": email, "given_name": given, "usual_name": usual}


def proconnect_login(client: Client, next_url: str = "") -> Any:
    """Start at citeduc, let the provider answer, come back with the code: the last answer."""
    start = reverse("accounts:proconnect_start") + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    query = parse_qs(urlsplit(to_provider["Location"]).query)
    assert query["acr_values"] == ["eidas1"] and "nonce" in query
    assert query["code_challenge_method"] == ["S256"]
    at_provider = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_a_known_agent_logs_in_and_still_owes_our_second_factor(
    client: Client, provider: Provider, db: None
) -> None:
    member = MembershipFactory.create(role=Role.COORDINATION, user__email="ines.martin@ville.fr")
    provider.agent = agent("Ines.Martin@ville.fr")
    space = reverse("territory:cite_space", args=[member.cite.slug])
    response = proconnect_login(client, space)
    assert response.status_code == 302 and response["Location"] == space
    assert client.session["_auth_user_id"] == str(member.user.pk)
    # ProConnect said eidas1 (one factor): a coordinator must still set up our second factor.
    assert client.get(space)["Location"].startswith(reverse("accounts:second_factor_setup"))
    assert member.user.login_events.filter(kind=LoginEvent.Kind.PROCONNECT).exists()
    assert provider.requests.count("/token") == 1 and "/jwks" in provider.requests
    assert "/userinfo" in provider.requests


def test_a_second_factor_at_proconnect_is_enough(
    client: Client, provider: Provider, db: None
) -> None:
    member = MembershipFactory.create(role=Role.PILOTE_ETAT, user__email="prefet@doubs.gouv.fr")
    provider.agent = agent("prefet@doubs.gouv.fr")
    provider.acr = "https://proconnect.gouv.fr/assurance/self-asserted-2fa"
    proconnect_login(client)
    space = reverse("territory:cite_space", args=[member.cite.slug])
    assert client.get(space).status_code == 200


def test_an_unknown_agent_gets_an_account_without_role_nor_password(
    client: Client, provider: Provider, db: None
) -> None:
    provider.agent = agent("nouvel.agent@ac-besancon.fr", "Nour", "Benali")
    response = proconnect_login(client)
    assert response.status_code == 302
    user = User.objects.get(email="nouvel.agent@ac-besancon.fr")
    assert user.full_name == "Nour Benali"
    assert not user.has_usable_password()
    assert not user.memberships.exists()
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("fault", ["audience", "inactive", "no_email"])
def test_refused_logins_leave_the_visitor_anonymous(
    client: Client, provider: Provider, db: None, fault: str
) -> None:
    member = MembershipFactory.create(role=Role.PORTEUR, user__email="asso@example.org")
    provider.agent = agent("asso@example.org")
    if fault == "audience":
        provider.audience = "un-autre-service"
    elif fault == "inactive":
        member.user.is_active = False
        member.user.save()
    else:
        provider.agent = {"sub": "sans-adresse"}
    response = proconnect_login(client)
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?proconnect=echec"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "La connexion par ProConnect n'a pas abouti" in page.content.decode()


def test_a_forged_state_is_refused(client: Client, provider: Provider, db: None) -> None:
    provider.agent = agent("asso@example.org")
    client.get(reverse("accounts:proconnect_start"))
    response = client.get(reverse("accounts:proconnect_callback") + "?code=x&state=forge")
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session
    assert "/token" not in provider.requests


def test_the_login_page_offers_proconnect_only_when_configured(
    client: Client, provider: Provider, settings: Any
) -> None:
    assert "Se connecter avec ProConnect" in client.get(reverse("accounts:login")).content.decode()
    settings.OIDC_RP_CLIENT_ID = ""
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:proconnect_start")).status_code == 404


def test_logging_out_ends_the_proconnect_session_too(
    client: Client, provider: Provider, db: None
) -> None:
    MembershipFactory.create(role=Role.PORTEUR, user__email="asso@example.org")
    provider.agent = agent("asso@example.org")
    proconnect_login(client)
    id_token = client.session["oidc_id_token"]
    response = client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider.url}/session/end"
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]


def test_a_password_login_logs_out_here_only(client: Client, provider: Provider, db: None) -> None:
    from citeduc.accounts.tests.factories import PASSWORD, UserFactory

    user = UserFactory.create()
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    response = client.post(reverse("accounts:logout"))
    assert not response["Location"].startswith(provider.url)
