"""Every role, following only links from its home, never meets a link that answers 403 or 404:
a page does not show what its reader may not open. The crawl visits each kind of page (URL
name) at most twice, so that it covers the site without reading every row of it."""

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from citeduc.accounts.models import User
from citeduc.demo.loading import DEMO_DOMAIN, DemoResult
from tests.support.access import finish

# The three pilots have the coordination's rights (test_home checks their menus are equal): one
# of them is crawled with the other kinds of reader.
ROLES = ["porteur", "instance", "coordination", "etat", "national"]
PER_KIND = 1
# Links that are actions or leave the site's pages: not followed (they are tested elsewhere).
SKIPPED = {"accounts:logout", "accounts:proconnect_start", "api:openapi-view", "api:openapi-json"}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("mailto:", "tel:", "#")):
            self.found.append(href)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


def crawl(client: Client, start: str) -> tuple[dict[str, int], dict[str, str]]:
    """Status of every page reached, and the page that linked to each."""
    seen: dict[str, int] = {}
    origin: dict[str, str] = {start: "(accueil)"}
    kinds: Counter[str] = Counter()
    queue = deque([start])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        seen[url] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            finish(response)  # a download is read to its end, as a browser would
            continue
        for href in links_of(response.content.decode()):
            target, _fragment = urldefrag(href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or target in origin:
                continue
            try:
                match = resolve(parts.path)
            except Resolver404:
                origin[target] = url
                queue.append(target)  # a link to nowhere is a finding too
                continue
            name = match.view_name
            if name in SKIPPED or name.startswith("api:") or kinds[name] >= PER_KIND:
                continue
            kinds[name] += 1
            origin[target] = url
            queue.append(target)
    return seen, origin


@pytest.mark.pg_only
class TestEveryRoleFollowsOnlyOpenLinks:
    @pytest.mark.parametrize("role", ROLES)
    def test_no_link_answers_403_or_404(self, demo: DemoResult, role: str) -> None:
        client = Client()
        client.force_login(demo_user(role))
        seen, origin = crawl(client, reverse("portal:home"))
        broken = sorted(
            f"{url} → {status} (lien sur {origin[url]})"
            for url, status in seen.items()
            if status in (403, 404)
        )
        assert broken == []
        assert len(seen) > 20  # the crawl did reach the role's pages


def demo_user(role: str) -> User:
    return User.objects.get(email=f"{role}@{DEMO_DOMAIN}")
