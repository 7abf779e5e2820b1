"""Meetings as iCalendar (RFC 5545): the Cité's feed and the invitations of a convocation.

The feed and the « add to my calendar » file are published (METHOD:PUBLISH). A convocation is a
scheduling message (iTIP, RFC 5546): METHOD:REQUEST with the Cité's coordination as ORGANIZER and
every member with an address as ATTENDEE, so that calendars offer to accept or decline (answers
go to the coordination by e-mail; presence is still recorded in citeduc). Each change of the
meeting raises its SEQUENCE, and a cancelled meeting is sent as METHOD:CANCEL: calendars replace
or remove the event they hold under the same UID.

Times are written in Europe/Paris with its VTIMEZONE, so that every common client (Thunderbird,
Outlook, Apple and Google calendars) shows the hour the convocation says.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from citeduc.accounts.members import coordination_of
from citeduc.accounts.notify import absolute
from citeduc.governance.enums import MeetingStatus
from citeduc.governance.models import Meeting

PARIS = ZoneInfo("Europe/Paris")
CONTENT_TYPE = "text/calendar; charset=utf-8"

# The rules of French summer time since 1996 (last Sunday of March and of October).
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]

STATUS = {
    MeetingStatus.PLANNED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def escape(text: str) -> str:
    """TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Content lines longer than 75 octets are folded (§3.1), never inside a UTF-8 character."""
    if len(line) <= 18 or len(line.encode("utf-8")) <= 75:  # 18 characters are 72 octets at most
        return line
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def local(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y%m%dT%H%M%S")


def utc(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.CITEDUC_SITE_URL).hostname or "citeduc"


@dataclass(frozen=True)
class Party:
    name: str
    address: str

    def line(self, prefix: str) -> str:
        name = self.name.replace('"', "'")
        return f'{prefix};CN="{name}":mailto:{self.address}'


def organizer_of(cite_id: int) -> Party:
    """Who organises a Cité's meetings: its coordination (the first person), else the site's
    own sender. iTIP requires one, even in a published calendar."""
    person = coordination_of(cite_id).order_by("pk").first()
    if person is not None:
        return Party(person.get_full_name() or person.email, person.email)
    return Party(settings.CITEDUC_SITE_NAME, settings.DEFAULT_FROM_EMAIL)


def _scheduling(organizer: Party, attendees: Iterable[Party] = ()) -> list[str]:
    lines = [organizer.line("ORGANIZER")]
    lines += [
        attendee.line(
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
        )
        for attendee in attendees
    ]
    return lines


def event(
    meeting: Meeting, stamp: datetime, scheduling: Sequence[str] = (), cancelled: bool = False
) -> list[str]:
    """One VEVENT; the meeting's body must be loaded with its Cité."""
    url = absolute(meeting.get_absolute_url())
    description = [f"{meeting.body.name} — {meeting.body.cite.name}"]
    if meeting.agenda_items:
        description.append("Ordre du jour :")
        description += [f"{n}. {item}" for n, item in enumerate(meeting.agenda_items, start=1)]
    if meeting.video_link:
        description.append(f"Visioconférence : {meeting.video_link}")
    description.append(f"Détails : {url}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:reunion-{meeting.pk}@{_host()}",
        f"DTSTAMP:{utc(stamp)}",
        f"LAST-MODIFIED:{utc(meeting.updated_at)}",
        f"DTSTART;TZID=Europe/Paris:{local(meeting.starts_at)}",
        f"DTEND;TZID=Europe/Paris:{local(meeting.ends_at)}",
        f"SUMMARY:{escape(meeting.label)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        f"URL:{url}",
        f"SEQUENCE:{meeting.sequence}",
        f"STATUS:{'CANCELLED' if cancelled else STATUS[MeetingStatus(meeting.status)]}",
        *scheduling,
    ]
    if meeting.place or meeting.video_link:
        lines.append(f"LOCATION:{escape(meeting.place or meeting.video_link)}")
    lines.append("END:VEVENT")
    return lines


def _head(method: str, name: str) -> list[str]:
    return [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//citeduc//Instances de la Cité éducative//FR",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/Paris",
        *VTIMEZONE,
    ]


def _text(lines: list[str]) -> bytes:
    return ("\r\n".join(fold(line) for line in [*lines, "END:VCALENDAR"]) + "\r\n").encode("utf-8")


def calendar(meetings: Iterable[Meeting], name: str, cite_id: int) -> bytes:
    """The published calendar: the Cité's feed, or one meeting to add to one's calendar; its
    events name their organizer and no attendee (nobody is asked to answer)."""
    stamp = timezone.now()
    lines = _head("PUBLISH", name)
    organizer = _scheduling(organizer_of(cite_id))
    for meeting in meetings:
        lines += event(meeting, stamp, organizer)
    return _text(lines)


def invitation(
    meeting: Meeting, organizer: Party, attendees: Sequence[Party], *, cancel: bool = False
) -> bytes:
    """The scheduling message of a convocation (REQUEST) or of its cancellation (CANCEL)."""
    method = "CANCEL" if cancel else "REQUEST"
    lines = _head(method, meeting.body.name)
    lines += event(meeting, timezone.now(), _scheduling(organizer, attendees), cancelled=cancel)
    return _text(lines)
