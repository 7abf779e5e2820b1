"""Every URL × every role × own Cité / other Cité.

Each named URL must be classified below; a new URL that nobody classified fails
`test_every_url_is_classified`, so no page can ship without deciding who may see it.
"""

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin as django_admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from citeduc.accounts.enums import MANAGER_ROLES, Role
from citeduc.accounts.models import User
from citeduc.funding.models import Decision, GrantRequest
from conftest import World

PUBLIC = "public"  # everybody, any Cité (HTML page)
PUBLIC_FILE = "public_file"  # everybody, a file rather than a page (PDF)
MEMBERS = "members"  # members of that Cité, national coordination, superusers
MEMBERS_FILE = "members_file"  # the same, for a download rather than a page
PARTNERS = "partners"  # members but porteurs (who see only their own requests), national level
PARTNERS_FILE = "partners_file"  # the same, for a download
AUTHENTICATED = "authenticated"  # anyone logged in (their own inbox)
EDITORS = "editors"  # coordination and pilots of the Cité, porteurs named editors of the structure
CURATORS = "curators"  # coordination and pilots of the Cité only
POST_ONLY = "post_only"  # an action: anonymous is sent to log in, GET is refused to others
LOGIN = "login"  # anonymous sees the form, a logged-in user is sent on
LOGOUT = "logout"  # POST only
API_TOKEN = "api_token"  # bearer token required: a browser session is not enough
API_PUBLIC = "api_public"  # open data, no token
API_DOCS = "api_docs"  # the OpenAPI description is public
NOT_A_PAGE = "not_a_page"  # django-ninja's root, only there to build the API's URLs: 404 for all

# What a URL is about, to build its arguments from the world of the test.
NONE, CITE, SERVICE, ORGANISATION, QPV = "none", "cite", "service", "organisation", "qpv"
ACTION, AXIS, OBJECTIVE, PRIORITY, CITE_QPV = "action", "axis", "objective", "priority", "cite_qpv"
CITE_YEAR, REQUEST = "cite_year", "request"
CALL, REQUEST_STEP, ATTACHMENT, DECISION = "call", "request_step", "attachment", "decision"

CLASSIFICATION: dict[str, tuple[str, str]] = {
    "home": (PUBLIC, NONE),
    "territory:cite_detail": (PUBLIC, CITE),
    "territory:cite_space": (MEMBERS, CITE),
    "accounts:login": (LOGIN, NONE),
    "accounts:logout": (LOGOUT, NONE),
    "accessibility": (PUBLIC, NONE),
    "legal_notice": (PUBLIC, NONE),
    "personal_data": (PUBLIC, NONE),
    "cookies": (PUBLIC, NONE),
    "site_map": (PUBLIC, NONE),
    "directory:search": (PUBLIC, NONE),
    "directory:service_detail": (PUBLIC, SERVICE),
    "directory:qpv_guide": (PUBLIC_FILE, QPV),
    "directory:service_edit": (EDITORS, SERVICE),
    "directory:service_set_status": (POST_ONLY, SERVICE),
    "directory:organisation_edit": (EDITORS, ORGANISATION),
    "directory:organisation_merge": (CURATORS, ORGANISATION),
    "directory:manage": (MEMBERS, CITE),
    "directory:coverage": (MEMBERS, CITE),
    "directory:scheme_list": (PUBLIC, CITE),
    "action_plan:grid": (PUBLIC, CITE),
    "action_plan:action_list": (MEMBERS, CITE),
    "action_plan:action_detail": (MEMBERS, ACTION),
    "action_plan:qpv_plan": (MEMBERS, CITE_QPV),
    "action_plan:coverage": (MEMBERS, CITE),
    "action_plan:export_xlsx": (MEMBERS_FILE, CITE),
    "action_plan:export_csv": (MEMBERS_FILE, CITE),
    "action_plan:action_create": (CURATORS, CITE),
    "action_plan:action_edit": (CURATORS, ACTION),
    "action_plan:carry_over": (CURATORS, CITE),
    "action_plan:axis_create": (CURATORS, CITE),
    "action_plan:axis_edit": (CURATORS, AXIS),
    "action_plan:objective_create": (CURATORS, CITE),
    "action_plan:objective_edit": (CURATORS, OBJECTIVE),
    "action_plan:priority_create": (CURATORS, CITE),
    "action_plan:priority_edit": (CURATORS, PRIORITY),
    "api:api-root": (NOT_A_PAGE, NONE),
    "api:openapi-json": (API_DOCS, NONE),
    "api:openapi-view": (API_DOCS, NONE),
    "api:list_cites": (API_TOKEN, NONE),
    "api:get_cite": (API_TOKEN, CITE),
    "api:list_services": (API_PUBLIC, CITE),
    "api:get_service": (API_PUBLIC, SERVICE),
    "api:get_plan": (API_TOKEN, CITE),
    "api:list_requests": (API_TOKEN, CITE),
    "funding:dashboard": (PARTNERS, CITE_YEAR),
    "funding:programmation": (PARTNERS, CITE_YEAR),
    "funding:programmation_xlsx": (PARTNERS_FILE, CITE_YEAR),
    "funding:decisions": (CURATORS, CITE_YEAR),
    "funding:fund_ledger": (PARTNERS, CITE_YEAR),
    "funding:fund_statement_pdf": (PARTNERS_FILE, CITE_YEAR),
    "funding:fund_statement_xlsx": (PARTNERS_FILE, CITE_YEAR),
    "funding:call_list": (PUBLIC, CITE),
    "funding:call_detail": (PUBLIC, CALL),
    "funding:call_create": (CURATORS, CITE),
    "funding:call_edit": (CURATORS, CALL),
    "funding:apply": (EDITORS, CALL),
    "funding:request_list": (MEMBERS, CITE),
    "funding:request_detail": (MEMBERS, REQUEST),
    "funding:request_step": (EDITORS, REQUEST_STEP),
    "funding:submit": (POST_ONLY, REQUEST),
    "funding:attachment": (MEMBERS_FILE, ATTACHMENT),
    "funding:attachment_delete": (POST_ONLY, ATTACHMENT),
    "funding:take": (POST_ONLY, REQUEST),
    "funding:ask_correction": (CURATORS, REQUEST),
    "funding:opinion": (CURATORS, REQUEST),
    "funding:sign": (CURATORS, REQUEST),
    "funding:payment": (CURATORS, REQUEST),
    "funding:report": (EDITORS, REQUEST),
    "funding:close": (POST_ONLY, REQUEST),
    "funding:letter": (MEMBERS_FILE, DECISION),
    "funding:inbox": (AUTHENTICATED, NONE),
    "funding:mark_read": (POST_ONLY, NONE),
}

VISITORS = ["anonymous", *[role.value for role in Role], "national", "outsider"]
EDITOR_ROLES = {role.value for role in MANAGER_ROLES}


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
    # The world makes the porteur of the own Cité an editor of its structure.
    editor = own and (visitor in EDITOR_ROLES or visitor == Role.PORTEUR)
    curator = own and visitor in EDITOR_ROLES
    partner = (member and visitor != Role.PORTEUR) or visitor == "national"

    def private(allowed: bool) -> int:
        return 302 if not logged_in else (200 if allowed else 404)

    rules: dict[str, Callable[[], int]] = {
        PUBLIC: lambda: 200,
        PUBLIC_FILE: lambda: 200,
        MEMBERS: lambda: private(member or visitor == "national"),
        MEMBERS_FILE: lambda: private(member or visitor == "national"),
        PARTNERS: lambda: private(partner),
        PARTNERS_FILE: lambda: private(partner),
        AUTHENTICATED: lambda: 200 if logged_in else 302,
        EDITORS: lambda: private(editor),
        CURATORS: lambda: private(curator),
        POST_ONLY: lambda: 302 if not logged_in else 405,
        LOGIN: lambda: 302 if logged_in else 200,
        LOGOUT: lambda: 405,  # GET is refused; logging out is a POST
        API_TOKEN: lambda: 401,
        API_PUBLIC: lambda: 200,
        API_DOCS: lambda: 200,
        NOT_A_PAGE: lambda: 404,
    }
    return rules[policy]()


def a_decision(request: GrantRequest) -> Decision:
    """A decision of the request's call funder, made for the pages that show one."""
    decision, _ = Decision.objects.get_or_create(
        request=request,
        funder=request.call.funders.get(),  # type: ignore[union-attr]
        defaults={"amount": Decimal("1000"), "date": date(2025, 3, 1)},
    )
    return decision


def url_kwargs(target: str, world: World, own: bool) -> dict[str, Any]:
    side = world.own if own else world.other
    builders: dict[str, dict[str, Any]] = {
        NONE: {},
        CITE: {"slug": side.cite.slug},
        SERVICE: {"pk": side.service.pk},
        ORGANISATION: {"pk": side.service.organisation_id},
        QPV: {"code": side.qpv.code},
        CITE_QPV: {"slug": side.cite.slug, "code": side.qpv.code},
        ACTION: {"slug": side.cite.slug, "pk": side.action.pk},
        AXIS: {"slug": side.cite.slug, "pk": side.action.objectives.get().axis_id},
        OBJECTIVE: {"slug": side.cite.slug, "pk": side.action.objectives.get().pk},
        PRIORITY: {"slug": side.cite.slug, "pk": side.action.priority_id},
        CITE_YEAR: {"slug": side.cite.slug, "year": 2025},
        REQUEST: {"slug": side.cite.slug, "pk": side.request.pk},
        CALL: {"slug": side.cite.slug, "pk": side.call.pk},
        REQUEST_STEP: {"slug": side.cite.slug, "pk": side.request.pk, "step": "identite"},
        ATTACHMENT: {
            "slug": side.cite.slug,
            "pk": side.request.pk,
            "attachment_pk": side.attachment.pk,
        },
        DECISION: {"slug": side.cite.slug, "decision_pk": a_decision(side.request).pk},
    }
    return builders[target]


def url_for(name: str, world: World, own: bool) -> str:
    policy, target = CLASSIFICATION[name]
    kwargs = url_kwargs(target, world, own)
    if name == "api:get_service":
        kwargs = {"service_id": kwargs["pk"]}
    return reverse(name, kwargs=kwargs)


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
    policy, target = CLASSIFICATION[name]
    login_as(client, world, visitor)
    url = url_for(name, world, own)
    response = client.get(url)
    response.close()  # a download streams its file: close it
    assert response.status_code == expected_status(policy, visitor, own), (
        f"{visitor} sur {url} ({'sa Cité' if own else 'autre Cité'})"
    )
    if response.status_code == 200 and target == CITE and policy in {MEMBERS, PARTNERS}:
        shown = world.own.cite if own else world.other.cite
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


def test_every_admin_list_and_add_page_opens_for_a_superuser(client: Client, world: World) -> None:
    client.force_login(User.objects.create_superuser("root@example.org", "mot-de-passe-long-2024"))
    failures = []
    for model in django_admin.site._registry:
        for view in ("changelist", "add"):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
            status = client.get(url).status_code
            if status != 200:
                failures.append((url, status))
    assert failures == []
