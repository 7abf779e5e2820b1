"""Every URL × every role × own Cité / other Cité.

Each named URL must be classified below; a new URL that nobody classified fails
`test_every_url_is_classified`, so no page can ship without deciding who may see it.
"""

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from conftest import World

PUBLIC = "public"  # everybody, any Cité
MEMBERS = "members"  # members of that Cité, national coordination, superusers
LOGIN = "login"  # anonymous sees the form, a logged-in user is sent on
LOGOUT = "logout"  # POST only
API_TOKEN = "api_token"  # bearer token required: a browser session is not enough
API_DOCS = "api_docs"  # the OpenAPI description is public
NOT_A_PAGE = "not_a_page"  # django-ninja's root, only there to build the API's URLs: 404 for all

# url name -> (policy, whether the URL takes a Cité slug)
CLASSIFICATION: dict[str, tuple[str, bool]] = {
    "home": (PUBLIC, False),
    "territory:cite_detail": (PUBLIC, True),
    "territory:cite_space": (MEMBERS, True),
    "accounts:login": (LOGIN, False),
    "accounts:logout": (LOGOUT, False),
    "accessibility": (PUBLIC, False),
    "legal_notice": (PUBLIC, False),
    "personal_data": (PUBLIC, False),
    "cookies": (PUBLIC, False),
    "site_map": (PUBLIC, False),
    "api:api-root": (NOT_A_PAGE, False),
    "api:openapi-json": (API_DOCS, False),
    "api:openapi-view": (API_DOCS, False),
    "api:list_cites": (API_TOKEN, False),
    "api:get_cite": (API_TOKEN, True),
}

VISITORS = ["anonymous", *[role.value for role in Role], "national", "outsider"]


def named_urls(resolvers: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace == "admin":
                yield "admin"
                continue
            yield from named_urls(
                entry.url_patterns, f"{prefix}{namespace}:" if namespace else prefix
            )
        elif entry.name:
            yield f"{prefix}{entry.name}"


def test_every_url_is_classified() -> None:
    found = set(named_urls(get_resolver().url_patterns))
    unclassified = found - set(CLASSIFICATION) - {"admin"}
    assert not unclassified, f"URL sans règle d'accès dans la matrice : {sorted(unclassified)}"
    assert "admin" in found
    stale = set(CLASSIFICATION) - found
    assert not stale, f"La matrice classe des URL qui n'existent plus : {sorted(stale)}"


def expected_status(policy: str, visitor: str, own: bool) -> int:
    logged_in = visitor != "anonymous"
    member = visitor in {role.value for role in Role} and own
    rules: dict[str, Callable[[], int]] = {
        PUBLIC: lambda: 200,
        MEMBERS: lambda: (
            302 if not logged_in else (200 if member or visitor == "national" else 404)
        ),
        LOGIN: lambda: 302 if logged_in else 200,
        LOGOUT: lambda: 405,  # GET is refused; logging out is a POST
        API_TOKEN: lambda: 401,
        API_DOCS: lambda: 200,
        NOT_A_PAGE: lambda: 404,
    }
    return rules[policy]()


def url_for(name: str, takes_cite: bool, world: World, own: bool) -> str:
    if not takes_cite:
        return reverse(name)
    return reverse(name, kwargs={"slug": (world.cite if own else world.other_cite).slug})


def login_as(client: Client, world: World, visitor: str) -> User | None:
    if visitor == "anonymous":
        return None
    user = world.users[visitor]
    client.force_login(user)
    return user


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("own", [True, False], ids=["own-cite", "other-cite"])
@pytest.mark.parametrize("name", sorted(CLASSIFICATION))
def test_access_matrix(client: Client, world: World, name: str, visitor: str, own: bool) -> None:
    policy, takes_cite = CLASSIFICATION[name]
    login_as(client, world, visitor)
    url = url_for(name, takes_cite, world, own)
    response = client.get(url)
    assert response.status_code == expected_status(policy, visitor, own), (
        f"{visitor} sur {url} ({'sa Cité' if own else 'autre Cité'})"
    )
    if response.status_code == 200 and takes_cite and policy == MEMBERS:
        shown = world.cite if own else world.other_cite
        assert shown.name in response.content.decode()


@pytest.mark.parametrize("visitor", VISITORS)
def test_admin_is_for_staff_only(client: Client, world: World, visitor: str) -> None:
    login_as(client, world, visitor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_index_for_a_superuser(client: Client, world: World) -> None:
    admin = User.objects.create_superuser("admin@example.org", "mot-de-passe-long-2024")
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200
