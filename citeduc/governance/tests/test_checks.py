"""What the governance pages refuse or warn about, as a secretary would make the mistake."""

from datetime import date

from django.core import mail
from django.test import Client
from django.urls import reverse

from citeduc.governance.enums import Presence
from citeduc.governance.models import Attendance, Body, DecisionRecord, Meeting
from citeduc.governance.tests.conftest import meeting_of
from tests.support.world import World


def record(client: Client, world: World, meeting: Meeting, **votes: int) -> tuple[int, str]:
    url = reverse("governance:decision_create", args=[world.cite.slug, meeting.pk])
    data = {"number": 1, "kind": "avis", "text": "Avis favorable.", **votes}
    response = client.post(url, data)
    return response.status_code, response.content.decode()


def test_no_more_votes_than_members_present_or_represented(
    client: Client, world: World, copil: Body
) -> None:
    meeting = meeting_of(copil, date(2025, 3, 14))
    maire, ia, prefet = copil.members.order_by("pk")
    client.force_login(world.users["coordination"])
    # Attendance not taken yet: the count cannot be judged, the decision is kept.
    status, _page = record(client, world, meeting, votes_for=10, votes_against=0, abstentions=0)
    assert status == 302
    DecisionRecord.objects.all().delete()
    for member, presence in (
        (maire, Presence.PRESENT),
        (ia, Presence.REPRESENTED),
        (prefet, Presence.EXCUSED),
    ):
        Attendance.objects.create(meeting=meeting, member=member, presence=presence)
    status, page = record(client, world, meeting, votes_for=2, votes_against=0, abstentions=1)
    assert status == 400
    assert "3 voix pour 2 membres présents ou représentés" in page
    assert 'value="2"' in page  # what was typed is kept
    assert not DecisionRecord.objects.exists()
    status, _page = record(client, world, meeting, votes_for=1, votes_against=0, abstentions=1)
    assert status == 302


def test_a_meeting_to_come_cannot_be_marked_held(client: Client, world: World, copil: Body) -> None:
    meeting = meeting_of(copil, date(2099, 3, 13))
    client.force_login(world.users["coordination"])
    url = reverse("governance:meeting_minutes", args=[world.cite.slug, meeting.pk])
    response = client.post(url, {"status": "tenue", "minutes": "Prévu."})
    assert response.status_code == 400
    assert "n&#x27;a pas encore commencé" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status != "tenue"


def test_a_convocation_that_reaches_nobody_by_mail_is_a_warning(
    client: Client, world: World, copil: Body
) -> None:
    copil.members.update(email="")
    meeting = meeting_of(copil, date(2099, 3, 13))
    client.force_login(world.users["coordination"])
    url = reverse("governance:meeting_convoke", args=[world.cite.slug, meeting.pk])
    page = client.post(url, follow=True).content.decode()
    assert "Convocation envoyée par e-mail" not in page and mail.outbox == []
    assert "Aucune convocation n&#x27;est partie par e-mail : " in page
    for office in ("Maire", "Inspecteur d&#x27;Académie", "Préfet"):
        assert office in page
