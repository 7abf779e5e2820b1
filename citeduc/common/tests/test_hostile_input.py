"""No 500 page for anything a user can type.

Every page of the permission matrix that a user may open is opened: as the coordination, the
national coordination and an anonymous visitor for addresses; as the coordination and a porteur
for forms. Its forms are read from the HTML it serves (every field a browser would send, hidden
ones included), and each form is sent back with hostile values: words where numbers are
expected, numbers out of range, impossible dates, markup, SQL, a NUL character (which PostgreSQL
refuses in text), very long text. The answer may be a page with errors, a redirect or a
refusal; never a server error. A form that refuses the values shows the user's text again."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from citeduc.accounts.models import ApiToken
from tests.support.access import (
    API_DOCS,
    API_PUBLIC,
    CLASSIFICATION,
    NOT_A_PAGE,
    PROCONNECT,
    expected_status,
    finish,
    login_as,
    url_for,
)
from tests.support.world import World

# One value per way of being wrong: text where a number is expected (as markup, which must come
# back escaped), a negative and a zero, a number past 64 bits, one past a float, an impossible
# date, a digit Python reads and int() refuses, PostgreSQL's forbidden NUL, very long text.
HOSTILE = [
    "<script>alert(1)</script>",
    "-1",
    "0",
    "99999999999999999999999",
    "1e400",
    "2025-13-45",
    "²",
    "nul\x00caractère",
    "é" * 5000,
]
# On SQLite (the engine of `make run`), the values whose fate is the engine's: numbers past 64 bits,
# the NUL character, very long text. The others are refused by forms before any database sees
# them, the same on both engines: PostgreSQL, the production engine, gets them all.
ENGINE_HOSTILE = ["-1", "99999999999999999999999", "1e400", "nul\x00caractère", "é" * 5000]


def hostile_values() -> list[str]:
    return HOSTILE if connection.vendor == "postgresql" else ENGINE_HOSTILE


# A text no form accepts silently everywhere: it must come back on the page that refuses it.
MARKER = "saisie-conservée-7351"
SKIPPED = {"csrfmiddlewaretoken"}
# Pages not made of forms a user fills: the API description, the API's root, ProConnect.
NOT_FORMS = {API_DOCS, API_PUBLIC, NOT_A_PAGE, PROCONNECT}


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type
    choices: dict[str, list[str]] = field(default_factory=dict)


class FormReader(HTMLParser):
    """The forms of a page, with the name and type of each field."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = Form(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._open)
        elif self._open and tag in {"input", "select", "textarea"} and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind not in {"submit", "button", "reset", "image"}:
                self._open.fields[a["name"]] = kind
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select and self._open:
            self._open.choices.setdefault(self._select, []).append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._open = None


def forms_of(html: str) -> list[Form]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def hostile_data(form: Form, value: str) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, kind in form.fields.items():
        if name in SKIPPED:
            continue
        if kind == "file":
            data[name] = SimpleUploadedFile("piece.pdf", value.encode(), "application/pdf")
        else:
            data[name] = value
    return data


def pages(world: World, visitor: str, shard: int = 0, shards: int = 1) -> Iterator[tuple[str, str]]:
    """(name, url) of every page of the matrix this visitor may open in the own Cité; with
    `shards`, only every `shards`-th of them from `shard` on (the shards together are all of
    them; they run as separate tests so that two workers share the work)."""
    names = [
        name
        for name, (policy, _target) in sorted(CLASSIFICATION.items())
        if policy not in NOT_FORMS
        and not name.startswith("api:")
        and expected_status(policy, visitor, own=True) == 200
    ]
    for name in names[shard::shards]:
        yield name, url_for(name, world, own=True)


def own_forms(client: Client, url: str, method: str) -> list[tuple[str, Form]]:
    """The forms of a page that send to the page itself (not the header's search or logout)."""
    response = client.get(url)
    finish(response)
    if response.status_code != 200 or "text/html" not in response["Content-Type"]:
        return []
    path = urlsplit(url).path
    return [
        (form.action or url, form)
        for form in forms_of(response.content.decode())
        if form.method == method
        and (form.action in {"", path} or form.action.startswith("?"))
        and form.fields
    ]


QUERY_SHARDS = 4
FORM_SHARDS = 2


@pytest.mark.parametrize("shard", range(QUERY_SHARDS))
@pytest.mark.parametrize("visitor", ["coordination", "national", "anonymous"])
def test_no_query_string_makes_a_server_error(
    client: Client, world: World, visitor: str, shard: int
) -> None:
    client.raise_request_exception = False  # a crash is a 500 to count, not the end
    login_as(client, world, visitor)
    failures = []
    tried = 0
    opened = 0
    for name, url in pages(world, visitor, shard, QUERY_SHARDS):
        opened += 1
        names = {"annee", "page", "qpv", "axe", "statut", "periode", "instance", "jeton", "next"}
        for _action, form in own_forms(client, url, "get"):
            names |= set(form.fields) - SKIPPED
        for value in hostile_values():
            response = client.get(url, {key: value for key in names})
            finish(response)
            tried += 1
            if response.status_code >= 500:
                failures.append((name, value[:20], response.status_code))
    # Every hostile value was sent to every page of the shard (a shard holds a few pages for an
    # anonymous visitor, dozens for the coordination).
    assert opened >= 3 and tried == opened * len(hostile_values()), (opened, tried)
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("shard", range(FORM_SHARDS))
@pytest.mark.parametrize("visitor", ["coordination", "porteur"])
def test_no_form_makes_a_server_error_and_a_refused_form_keeps_the_text(
    client: Client, world: World, visitor: str, shard: int
) -> None:
    client.raise_request_exception = False
    login_as(client, world, visitor)
    failures = []
    forgotten = []
    refused_with_text = 0
    posted = 0
    logout = reverse("accounts:logout")
    for name, url in pages(world, visitor, shard, FORM_SHARDS):
        for action, form in own_forms(client, url, "post"):
            if action == logout:
                continue
            for value in [*hostile_values(), MARKER]:
                response = client.post(action, hostile_data(form, value))
                finish(response)
                posted += 1
                if response.status_code >= 500:
                    failures.append((name, value[:20], response.status_code))
                texts = [n for n, k in form.fields.items() if k in {"text", "textarea"}]
                if (
                    value == MARKER
                    and response.status_code in (200, 400)  # a refused form answers 400
                    and texts
                    and "text/html" in response["Content-Type"]
                ):
                    refused_with_text += 1
                    if MARKER not in response.content.decode():
                        forgotten.append(name)
            login_as(client, world, visitor)  # a form may have changed the session
    # Per shard; the two shards together post more than 20 forms, more than 3 of them refused
    # with text to keep.
    assert posted > 10 and refused_with_text > 1, (posted, refused_with_text)
    assert failures == [], "\n".join(map(str, failures))
    assert forgotten == [], forgotten


def test_a_nul_character_in_the_address_is_a_clear_400(client: Client, world: World) -> None:
    client.force_login(world.users["coordination"])
    url = reverse("indicators:dashboard", args=[world.cite.slug, 2025])
    response = client.get(url, {"qpv": "QN\x0002502M"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Requête incorrecte</h1>" in page
    assert "L&#x27;adresse contient un caractère nul" in page
    assert "nonce-" in response["Content-Security-Policy"]
    assert client.get(url, {"qpv": world.own.qpv.code}).status_code == 200


# Values found to end in a server error somewhere (query strings, path parameters, API).
PARAMETERS = [
    "99999999999999999999",
    "-1",
    "0",
    "²",
    "١٢",
    "1e309",
    "9" * 40,
    "%00",
    "' OR 1=1 --",
    "",
]


def isolated(client: Client, url: str, data: dict[str, str] | None = None, **extra: Any) -> int:
    """One GET in a savepoint, its status: on PostgreSQL, a database error in one request must
    not leave the test's transaction aborted for the next ones."""
    savepoint = transaction.savepoint_create()
    try:
        response = client.get(url, data, **extra)
        finish(response)
    finally:
        transaction.savepoint_rollback(savepoint)
    return response.status_code


def api_routes(client: Client) -> list[tuple[str, list[str]]]:
    """(path template, query parameter names) of every GET route of the API, from its OpenAPI
    description."""
    schema = client.get("/api/openapi.json").json()
    routes = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get:
            names = [p["name"] for p in get.get("parameters", []) if p["in"] == "query"]
            routes.append((path, names))
    return routes


def filled(path: str, world: World, override: dict[str, str] | None = None) -> str:
    values = {"slug": world.cite.slug, "code": "PARENTS_IMPLIQUES", "pk": "1", "siret": "1"}
    values.update(override or {})
    for name in re.findall(r"{(\w+)}", path):
        path = path.replace("{" + name + "}", quote(values.get(name, "1"), safe=""))
    return path


@pytest.mark.parametrize("who", ["national", "coordination"])
def test_no_api_parameter_makes_a_server_error(client: Client, world: World, who: str) -> None:
    client.raise_request_exception = False
    _token, raw = ApiToken.issue(world.users[who], "fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    failures = []
    tried = 0
    for path, names in api_routes(client):
        params = re.findall(r"{(\w+)}", path)
        for value in PARAMETERS:
            for name in names:
                status = isolated(client, filled(path, world), {name: value}, headers=headers)
                tried += 1
                if status >= 500:
                    failures.append((path, name, value))
            for name in params:
                status = isolated(client, filled(path, world, {name: value}), headers=headers)
                tried += 1
                if status >= 500:
                    failures.append((path, "{" + name + "}", value))
    assert tried > 200, tried
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("visitor", ["coordination", "national"])
def test_no_number_in_a_page_address_makes_a_server_error(
    client: Client, world: World, visitor: str
) -> None:
    """Every number in the address of every page this visitor opens (a year, an id) replaced
    by 0, a negative, a huge number: a 404 or a redirect, never a 500."""
    client.raise_request_exception = False
    login_as(client, world, visitor)
    failures = []
    tried = 0
    for name, url in pages(world, visitor):
        segments = url.split("/")
        for index, segment in enumerate(segments):
            if not segment.isascii() or not segment.isdigit():
                continue
            for value in ("0", "1", "99999999999999999999"):
                changed = "/".join([*segments[:index], value, *segments[index + 1 :]])
                status = isolated(client, changed)
                tried += 1
                if status >= 500:
                    failures.append((name, changed))
    assert tried > 50, tried
    assert failures == [], "\n".join(map(str, failures))
