"""Public pages kept for visitors without an account (common/page_cache.py): served again
without a query while the data has not changed, rendered again as soon as it has, never for a
signed-in person; the CSP nonce is the new request's each time."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from citeduc.common.page_cache import HEADER
from tests.support.commits import commit
from tests.support.world import World


def nonce_of(response: Any) -> tuple[set[str], str]:
    in_page = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return in_page, header.group(1) if header else ""


# page name -> does its address hold the Cité?
PAGES = {
    "home": False,
    "territory:cite_detail": True,
    "directory:search": False,
    "funding:call_list": True,
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_public_page_is_kept_until_the_data_changes(
    world: World, django_assert_num_queries: Any, page: str
) -> None:
    url = reverse(page, args=[world.cite.slug] if PAGES[page] else [])
    visitor = Client()
    commit()  # the world is written: its versions are final
    first = visitor.get(url, secure=True)
    assert first.status_code == 200 and HEADER not in first
    with django_assert_num_queries(0):
        second = visitor.get(url, secure=True)
    assert second[HEADER] == "gardée"
    in_page, header = nonce_of(second)
    assert in_page == {header}, "le nonce de la page est celui de sa réponse"
    assert nonce_of(first)[1] != header
    assert re.sub(r'nonce="[^"]+"', "", first.content.decode()) == re.sub(
        r'nonce="[^"]+"', "", second.content.decode()
    )
    # A write anywhere: the next visitor reads the page rendered again, with the change.
    world.cite.name = "Cité éducative renommée"
    world.cite.save()
    commit()
    third = visitor.get(url, secure=True)
    assert HEADER not in third
    assert "Cité éducative renommée" in third.content.decode()


def test_a_signed_in_person_and_a_visitor_with_a_session_get_their_own_page(
    world: World,
) -> None:
    url = reverse("territory:cite_detail", args=[world.cite.slug])
    commit()
    Client().get(url, secure=True)
    member = Client()
    member.force_login(world.users["coordination"])
    commit()
    assert HEADER not in member.get(url, secure=True)
    with_session = Client()
    with_session.cookies["sessionid"] = "une-session"
    assert HEADER not in with_session.get(url, secure=True)
    assert Client().get(url, secure=True)[HEADER] == "gardée"


def test_nothing_is_kept_while_the_transaction_has_written(world: World) -> None:
    url = reverse("territory:cite_detail", args=[world.cite.slug])
    commit()
    Client().get(url, secure=True)
    world.cite.name = "Nom pas encore validé"
    world.cite.save()  # not committed yet
    page = Client().get(url, secure=True)
    assert HEADER not in page and "Nom pas encore validé" in page.content.decode()
