"""Convocations as scheduling messages (iTIP, RFC 5546), read by the icalendar library and
checked by libical: a REQUEST with the coordination as organizer and each member as attendee,
a new SEQUENCE after each change, a CANCEL when the meeting is cancelled; the feed stays a
PUBLISH."""

from datetime import date
from typing import Any, cast

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from citeduc.governance.enums import MeetingStatus
from citeduc.governance.models import Body
from citeduc.governance.tests.conftest import meeting_of
from tests.support.itip import itip_errors
from tests.support.world import World

# A reader nobody here wrote checks an output; what it reads does not depend on the database
# engine: it runs once, in the PostgreSQL pass (docs/tests.md).
pytestmark = pytest.mark.pg_only


def _invitation(message: mail.EmailMessage) -> tuple[str, bytes]:
    [part] = message.attachments
    assert part.get_content_type() == "text/calendar"
    return part.get_param("method"), part.get_content().encode()


def _event(ics: bytes) -> icalendar.cal.Component:
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return event


def test_a_convocation_an_edit_and_a_cancellation_as_calendars_read_them(
    client: Client, world: World, copil: Body
) -> None:
    meeting = meeting_of(copil, date(2099, 3, 13), place="Mairie", agenda="Bilan")
    coordination = world.users["coordination"]
    client.force_login(coordination)
    convoke = reverse("governance:meeting_convoke", args=[world.cite.slug, meeting.pk])
    client.post(convoke)
    assert len(mail.outbox) == 2  # the Préfet's seat has no address
    method, ics = _invitation(mail.outbox[0])
    assert method == "REQUEST" and b"METHOD:REQUEST\r\n" in ics
    assert itip_errors(ics) == []
    event = _event(ics)
    assert str(event["ORGANIZER"]) == f"mailto:{coordination.email}"
    invited = cast(list[Any], event["ATTENDEE"])
    assert sorted(str(a) for a in invited) == ["mailto:ia@example.org", "mailto:maire@example.org"]
    assert all(a.params["RSVP"] == "TRUE" for a in invited)
    assert event["SEQUENCE"] == 0

    # A new hour: a new version, and the coordination is told to convoke again.
    edit = reverse("governance:meeting_edit", args=[world.cite.slug, meeting.pk])
    changed = client.post(
        edit,
        {
            "body": copil.pk,
            "title": "",
            "starts_at": "2099-03-13T15:00",
            "ends_at": "2099-03-13T17:00",
            "place": "Mairie",
            "video_link": "",
            "agenda": "Bilan",
        },
        follow=True,
    )
    assert "renvoyez-la pour mettre à jour" in changed.content.decode()
    mail.outbox.clear()
    client.post(convoke)
    method, ics = _invitation(mail.outbox[0])
    assert _event(ics)["SEQUENCE"] == 1 and itip_errors(ics) == []
    # Saving without a change is no new version.
    meeting.refresh_from_db()
    assert meeting.sequence == 1

    mail.outbox.clear()
    cancel = reverse("governance:meeting_cancel", args=[world.cite.slug, meeting.pk])
    page = client.post(cancel, follow=True).content.decode()
    assert "La réunion est annulée" in page and "2 membres convoqués" in page
    assert "Sans e-mail connu : Préfet" in page  # told to reach that seat another way
    assert len(mail.outbox) == 2 and "Annulation" in mail.outbox[0].subject
    method, ics = _invitation(mail.outbox[0])
    assert method == "CANCEL" and b"METHOD:CANCEL\r\n" in ics
    event = _event(ics)
    assert event["SEQUENCE"] == 2 and str(event["STATUS"]) == "CANCELLED"
    assert itip_errors(ics) == []
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    # Once cancelled, neither a second cancellation nor a convocation goes out.
    mail.outbox.clear()
    assert "déjà annulée" in client.post(cancel, follow=True).content.decode()
    client.post(convoke)
    assert mail.outbox == []

    # The feed is still a published calendar, which libical accepts as such.
    feed = client.get(reverse("governance:feed", args=[world.cite.slug])).content
    assert b"METHOD:PUBLISH\r\n" in feed and b"ATTENDEE" not in feed
    assert str(_event(feed)["ORGANIZER"]) == f"mailto:{coordination.email}"
    assert _event(feed)["SEQUENCE"] == 2 and itip_errors(feed) == []


def test_an_unchanged_save_keeps_the_version(client: Client, world: World, copil: Body) -> None:
    meeting = meeting_of(copil, date(2099, 3, 13), place="Mairie")
    client.force_login(world.users["coordination"])
    edit = reverse("governance:meeting_edit", args=[world.cite.slug, meeting.pk])
    start, end = (
        m.astimezone().strftime("%Y-%m-%dT%H:%M") for m in (meeting.starts_at, meeting.ends_at)
    )
    data = {
        "body": copil.pk,
        "title": "",
        "starts_at": start,
        "ends_at": end,
        "place": "Mairie",
        "video_link": "",
        "agenda": "",
    }
    assert client.post(edit, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    data["place"] = "Salle des fêtes"
    client.post(edit, data)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
