"""Every URL × every role × own Cité / other Cité.

Each named URL must be classified below; a new URL that nobody classified fails
`test_every_url_is_classified`, so no page can ship without deciding who may see it.
"""

import pytest
from django.contrib import admin as django_admin
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from citeduc.accounts.models import User
from tests.support.access import (
    CITE,
    CLASSIFICATION,
    CURATORS,
    EDITORS,
    MEMBERS,
    NONE,
    PARTNERS,
    POST_ONLY,
    VISITORS,
    expected_status,
    finish,
    login_as,
    named_urls,
    url_for,
)
from tests.support.world import World, row_counts


@pytest.fixture
def world(shared_world: World) -> World:
    """Every test of this module reads one two-Cité world built once for the module; each test
    runs in a savepoint, so what it creates (a meeting, a review, a refused write…) is gone
    before the next."""
    return shared_world


def test_every_url_is_classified() -> None:
    found = set(named_urls(get_resolver().url_patterns))
    unclassified = found - set(CLASSIFICATION) - {"admin"}
    assert not unclassified, f"URL sans règle d'accès dans la matrice : {sorted(unclassified)}"
    assert "admin" in found
    stale = set(CLASSIFICATION) - found
    assert not stale, f"La matrice classe des URL qui n'existent plus : {sorted(stale)}"


# The rules are Python and the same on every database: the matrix runs once, on PostgreSQL (the
# production database).
@pytest.mark.pg_only
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("own", [True, False], ids=["own-cite", "other-cite"])
@pytest.mark.parametrize("name", sorted(CLASSIFICATION))
def test_access_matrix(client: Client, world: World, name: str, visitor: str, own: bool) -> None:
    policy, target = CLASSIFICATION[name]
    login_as(client, world, visitor)
    url = url_for(name, world, own)
    response = client.get(url)
    finish(response)  # a download streams its file: read it to the end
    assert response.status_code == expected_status(policy, visitor, own), (
        f"{visitor} sur {url} ({'sa Cité' if own else 'autre Cité'})"
    )
    if response.status_code == 200 and target == CITE and policy in {MEMBERS, PARTNERS}:
        shown = world.own.cite if own else world.other.cite
        assert shown.name in response.content.decode()


WRITES = {POST_ONLY, CURATORS, EDITORS}


@pytest.mark.parametrize("visitor", [v for v in VISITORS if v != "anonymous"])
def test_no_role_writes_into_another_cite(client: Client, world: World, visitor: str) -> None:
    """Every write URL, posted by each role with the ids of the other Cité's objects: refused
    (404, or 403 for a refused CSRF-free write) and not one row changed anywhere."""
    login_as(client, world, visitor)
    urls = [
        url_for(name, world, own=False)
        for name, (policy, target) in sorted(CLASSIFICATION.items())
        if policy in WRITES and target != NONE
    ]
    assert len(urls) > 60
    before = row_counts()
    refused = {url: client.post(url, {"confirmer": "1"}).status_code for url in urls}
    assert {url: code for url, code in refused.items() if code not in (403, 404)} == {}
    after = row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}


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


def test_every_admin_list_and_add_page_opens_for_a_superuser(client: Client, world: World) -> None:
    root = User.objects.create_superuser("root@example.org", "mot-de-passe-long-2024")
    client.force_login(root)
    asking = RequestFactory().get("/admin/")
    asking.user = root
    failures = []
    for model, model_admin in django_admin.site._registry.items():
        # Journals (django-axes's, the login journal) are written by the application only.
        views = ["changelist", "add"] if model_admin.has_add_permission(asking) else ["changelist"]
        for view in views:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
            status = client.get(url).status_code
            if status != 200:
                failures.append((url, status))
    assert failures == []
