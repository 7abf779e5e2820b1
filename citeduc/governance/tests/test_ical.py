"""The Cité's iCalendar feed (RFC 5545), read back with the `icalendar` library."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
from django.test import Client
from django.urls import reverse

from citeduc.accounts.models import ApiToken
from citeduc.governance.enums import MeetingStatus
from citeduc.governance.ical import fold
from citeduc.governance.models import Body
from citeduc.governance.tests.conftest import meeting_of
from tests.support.world import World

PARIS = ZoneInfo("Europe/Paris")


def events(content: bytes) -> list[icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(content)
    return [c for c in calendar.walk("VEVENT")]


def test_feed_has_one_event_per_meeting_in_paris_time(
    client: Client, world: World, copil: Body
) -> None:
    summer = meeting_of(
        copil,
        date(2025, 6, 20),
        place="Mairie, salle 1; 2e étage, aile nord",
        agenda="Bilan\nProgrammation, avis",
    )
    winter = meeting_of(copil, date(2025, 12, 12), video_link="https://visio.example.org/copil")
    meeting_of(copil, date(2026, 1, 9), status=MeetingStatus.CANCELLED)
    client.force_login(world.users["membre_instance"])
    response = client.get(reverse("governance:feed", args=[world.cite.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    content = response.content
    assert content.endswith(b"\r\n") and b"\n" not in content.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [timezone_] = calendar.walk("VTIMEZONE")
    assert timezone_["TZID"] == "Europe/Paris"
    found = events(content)
    assert len(found) == 3
    by_uid = {str(e["UID"]): e for e in found}
    june = by_uid[next(uid for uid in by_uid if uid.startswith(f"reunion-{summer.pk}@"))]
    start = june.decoded("DTSTART")
    assert start == datetime(2025, 6, 20, 14, 0, tzinfo=PARIS)
    assert start.utcoffset().total_seconds() == 7200  # summer time
    assert june.decoded("DTEND") == datetime(2025, 6, 20, 16, 0, tzinfo=PARIS)
    assert str(june["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert str(june["LOCATION"]) == "Mairie, salle 1; 2e étage, aile nord"  # escaped, read back
    assert "1. Bilan\n2. Programmation, avis" in str(june["DESCRIPTION"])
    december = by_uid[next(uid for uid in by_uid if uid.startswith(f"reunion-{winter.pk}@"))]
    assert december.decoded("DTSTART").utcoffset().total_seconds() == 3600  # winter time
    assert str(december["LOCATION"]) == "https://visio.example.org/copil"
    assert sorted(str(e["STATUS"]) for e in found) == ["CANCELLED", "CONFIRMED", "CONFIRMED"]
    # Only this Cité's meetings.
    assert all(str(e["SUMMARY"]) == copil.name for e in found)


def test_feed_with_a_personal_token_for_calendar_clients(
    client: Client, world: World, copil: Body
) -> None:
    meeting_of(copil, date(2025, 6, 20))
    url = reverse("governance:feed", args=[world.cite.slug])
    assert client.get(url).status_code == 302  # no session, no token: log in
    # The person makes a calendar link on the security page; the page shows it once.
    owner = Client()
    owner.force_login(world.users["pilote_ville"])
    security = owner.get(reverse("accounts:security")).content.decode()
    assert "Créer un lien d'agenda" in security
    page = owner.post(reverse("accounts:calendar_link")).content.decode()
    found = re.search(r"\?jeton=(cal_[\w-]+)", page)
    assert found is not None
    raw = found.group(1)
    response = client.get(url, {"jeton": raw})
    assert response.status_code == 200 and len(events(response.content)) == 1
    # A token opens only the Cités its owner belongs to.
    other = reverse("governance:feed", args=[world.other_cite.slug])
    assert client.get(other, {"jeton": raw}).status_code == 404
    assert client.get(url, {"jeton": "cal_faux"}).status_code == 404
    # Replacing the link ends the old one; revoking ends the new one.
    owner.post(reverse("accounts:calendar_link"))
    assert client.get(url, {"jeton": raw}).status_code == 404
    owner.post(reverse("accounts:calendar_link_revoke"))
    assert not ApiToken.objects.filter(kind="calendar", revoked=False).exists()


def test_the_api_token_opens_no_calendar_and_the_calendar_token_no_api(
    client: Client, world: World, copil: Body
) -> None:
    """The finding: the full API token sat in the calendar address, landed in access logs, and
    then read money and SIRETs through the API."""
    meeting_of(copil, date(2025, 6, 20))
    user = world.users["pilote_ville"]
    _, api_raw = ApiToken.issue(user, "outil")
    _, calendar_raw = ApiToken.issue(user, "agenda", kind=ApiToken.Kind.CALENDAR)
    feed = reverse("governance:feed", args=[world.cite.slug])
    assert client.get(feed, {"jeton": api_raw}).status_code == 404
    assert client.get(feed, {"jeton": calendar_raw}).status_code == 200
    api = reverse("api:get_cite", args=[world.cite.slug])
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {calendar_raw}").status_code == 401
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {api_raw}").status_code == 200


def test_single_meeting_file(client: Client, world: World, copil: Body) -> None:
    meeting = meeting_of(copil, date(2025, 6, 20))
    client.force_login(world.users["porteur"])
    response = client.get(reverse("governance:meeting_ics", args=[world.cite.slug, meeting.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert len(events(response.content)) == 1


def test_long_lines_fold_at_75_octets_without_cutting_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
