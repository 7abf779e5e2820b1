"""Meetings as iCalendar (RFC 5545): the Cité's feed and the file joined to a convocation.

Times are written in Europe/Paris with its VTIMEZONE, so that every common client (Thunderbird,
Outlook, Apple and Google calendars) shows the hour the convocation says.
"""

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

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


def event(meeting: Meeting, stamp: datetime) -> list[str]:
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
        f"STATUS:{STATUS[MeetingStatus(meeting.status)]}",
    ]
    if meeting.place or meeting.video_link:
        lines.append(f"LOCATION:{escape(meeting.place or meeting.video_link)}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[Meeting], name: str) -> bytes:
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//citeduc//Instances de la Cité éducative//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/Paris",
        *VTIMEZONE,
    ]
    for meeting in meetings:
        lines += event(meeting, stamp)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
