"""GET /api/cites/{slug}/meetings and /decisions, with the pages' reading rights."""

from datetime import date
from typing import Any

from django.test import Client

from citeduc.accounts.models import ApiToken
from citeduc.governance.models import Body, DecisionRecord
from citeduc.governance.tests.conftest import meeting_of
from tests.support.world import World


def get(client: Client, world: World, visitor: str, path: str, **query: str | int) -> Any:
    _, raw = ApiToken.issue(world.users[visitor], "test")
    response = client.get(path, query, HTTP_AUTHORIZATION=f"Bearer {raw}")
    return response


def test_meetings_and_decisions(client: Client, world: World, copil: Body) -> None:
    old = meeting_of(copil, date(2024, 3, 1), agenda="Bilan")
    meeting_of(copil, date(2025, 3, 14))
    DecisionRecord.objects.create(meeting=old, number=1, text="Validé.", votes_for=3)
    base = f"/api/cites/{world.cite.slug}"
    response = get(client, world, "membre_instance", f"{base}/meetings", year=2024)
    assert response.status_code == 200
    payload = response.json()
    assert payload["count"] == 1
    [item] = payload["items"]
    assert item["body_kind"] == "copil_restreint" and item["agenda"] == ["Bilan"]
    assert item["starts_at"].startswith("2024-03-01T14:00:00+01:00") or item[
        "starts_at"
    ].startswith("2024-03-01T13:00:00")
    decisions = get(client, world, "pilote_ville", f"{base}/decisions").json()
    assert [d["text"] for d in decisions["items"]] == ["Validé."]
    assert decisions["items"][0]["votes_for"] == 3
    # A porteur outside the body reads none of its unpublished decisions.
    hidden = get(client, world, "porteur", f"{base}/decisions").json()
    assert hidden["count"] == 0
    # Another Cité's user gets nothing.
    other = get(client, world, "outsider", f"{base}/meetings")
    assert other.status_code == 404
