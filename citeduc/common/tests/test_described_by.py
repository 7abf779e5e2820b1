"""Every `aria-describedby` of a form names an element of the page: the hint Django ties to a
field with help text, and each error message (a screen reader reads them with the field)."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from tests.support.vnu import html_errors
from tests.support.world import World

# A reader nobody here wrote checks an output; what it reads does not depend on the database
# engine: it runs once, in the PostgreSQL pass (docs/tests.md).
pytestmark = [pytest.mark.django_db, pytest.mark.pg_only]


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        self.described += str(values.get("aria-describedby") or "").split()


def dangling(html: str) -> list[str]:
    parser = Ids()
    parser.feed(html)
    assert parser.described, "aucun aria-describedby : la page n'est pas celle attendue"
    return [target for target in parser.described if target not in parser.ids]


def test_hints_and_errors_are_there_for_the_fields_that_name_them(
    client: Client, world: World
) -> None:
    client.force_login(world.users[Role.COORDINATION])
    slug = world.cite.slug
    pages = [
        client.get(reverse("directory:service_edit", args=[world.own.service.pk])),
        client.get(reverse("governance:meeting_create", args=[slug])),
        client.post(reverse("governance:meeting_create", args=[slug]), {"title": ""}),
        client.get(reverse("directory:search"), {"age": "cent", "radius": "2"}),
        client.post(
            reverse("directory:service_edit", args=[world.own.service.pk]), {"phone": "12"}
        ),
        client.post(reverse("accounts:member_add", args=[slug]), {"email": "pas-un-mail"}),
    ]
    for response in pages:
        assert response.status_code in (200, 400)
        assert dangling(response.content.decode()) == [], response.wsgi_request.path
        # And the W3C's checker finds no error in them, the refused ones included (a word typed
        # for an age stays in sight, in a text field a number field could not hold).
        assert html_errors(response.content.decode()) == [], response.wsgi_request.path
    search = pages[3].content.decode()
    assert 'value="cent"' in search and 'inputmode="decimal"' in search
