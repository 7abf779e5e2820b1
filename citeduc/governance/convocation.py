"""Convoking a body: one e-mail per member with the agenda and the meeting as an invitation
its calendar can accept (iTIP REQUEST); cancelling a meeting tells the same people (CANCEL)."""

from email.message import MIMEPart

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from citeduc.accounts.models import Notification, User
from citeduc.accounts.notify import send_email
from citeduc.governance.enums import MeetingStatus, Presence
from citeduc.governance.ical import Party, invitation, organizer_of
from citeduc.governance.models import Attendance, BodyMember, Meeting


class ConvocationError(Exception):
    pass


def convocation_text(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    lines = [
        f"Vous êtes convoqué·e à la réunion « {meeting.label} » de l'instance "
        f"{meeting.body.name} ({meeting.body.cite.name}),",
        f"le {start:%d/%m/%Y} de {start:%H:%M} à {end:%H:%M}.",
    ]
    if meeting.place:
        lines.append(f"Lieu : {meeting.place}")
    if meeting.video_link:
        lines.append(f"Visioconférence : {meeting.video_link}")
    if meeting.agenda_items:
        lines.append("")
        lines.append("Ordre du jour :")
        lines += [f"{n}. {item}" for n, item in enumerate(meeting.agenda_items, start=1)]
    lines.append("")
    lines.append(
        "L'invitation jointe ajoute la réunion à votre agenda, qui vous propose d'y répondre."
    )
    return "\n".join(lines)


def attendees(members: list[BodyMember]) -> list[Party]:
    return [Party(str(m), m.address) for m in members if m.address]


def invitation_part(meeting: Meeting, members: list[BodyMember], *, cancel: bool) -> MIMEPart:
    """The .ics as calendars expect a scheduling message: text/calendar with its method, its
    bytes kept as written (base64 keeps the CRLF line ends iCalendar requires)."""
    method = "CANCEL" if cancel else "REQUEST"
    part = MIMEPart()
    part.set_content(
        invitation(meeting, organizer_of(meeting.body.cite_id), attendees(members), cancel=cancel),
        maintype="text",
        subtype="calendar",
        cte="base64",
        disposition="attachment",
        filename=f"{slugify(meeting.label)}-{timezone.localtime(meeting.starts_at):%Y%m%d}.ics",
        params={"method": method, "charset": "utf-8"},
    )
    return part


@transaction.atomic
def unreachable(meeting: Meeting) -> list[str]:
    """The members of the meeting's body without an e-mail address: no convocation reaches
    them by mail."""
    return [str(m) for m in meeting.body.members.select_related("user") if not m.address]


def convoke(meeting: Meeting, sender: User) -> int:
    """Sends the convocation to every member with an address; returns how many were sent.

    Every member is recorded as invited; a member with a citeduc account also finds the
    convocation in its notifications. Sending again (a changed agenda) is allowed."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ConvocationError("La réunion est annulée : aucune convocation n'est envoyée.")
    if meeting.is_past():
        raise ConvocationError("La réunion est passée : il n'y a plus à convoquer.")
    members = list(meeting.body.members.select_related("user"))
    if not members:
        raise ConvocationError("L'instance n'a aucun membre : ajoutez-les avant de convoquer.")
    subject = f"Convocation — {meeting.label}, {timezone.localtime(meeting.starts_at):%d/%m/%Y}"
    body = convocation_text(meeting)
    for member in members:
        Attendance.objects.get_or_create(
            meeting=meeting, member=member, defaults={"presence": Presence.INVITED}
        )
    sent = _tell(meeting, members, subject, body, cancel=False)
    meeting.convoked_at = timezone.now()
    meeting.save(update_fields=["convoked_at", "updated_at"])
    return sent


def cancel(meeting: Meeting) -> int:
    """Cancel a meeting to come: its version in calendars is raised, and if it was convoked,
    every member is told (e-mail with METHOD:CANCEL, and notification); returns the e-mails."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ConvocationError("La réunion est déjà annulée.")
    if meeting.is_past():
        raise ConvocationError("La réunion est passée : elle ne peut plus être annulée.")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    meeting.refresh_from_db()
    if meeting.convoked_at is None:
        return 0
    members = list(meeting.body.members.select_related("user"))
    start = timezone.localtime(meeting.starts_at)
    subject = f"Annulation — {meeting.label}, {start:%d/%m/%Y}"
    body = (
        f"La réunion « {meeting.label} » de l'instance {meeting.body.name} prévue le "
        f"{start:%d/%m/%Y} à {start:%H:%M} est annulée. L'invitation jointe la retire de votre "
        "agenda."
    )
    return _tell(meeting, members, subject, body, cancel=True)


def _tell(
    meeting: Meeting, members: list[BodyMember], subject: str, body: str, *, cancel: bool
) -> int:
    """A notification to each member with an account, an e-mail with the invitation (REQUEST
    or CANCEL) to each member with an address; returns how many e-mails left."""
    ics = invitation_part(meeting, members, cancel=cancel)
    url = meeting.get_absolute_url()
    sent = 0
    for member in members:
        if member.user is not None and member.user.is_active:
            Notification.objects.create(user=member.user, subject=subject, body=body, url=url)
        if not member.address:
            continue
        send_email(
            member.address,
            member.name,
            subject,
            body,
            url=url,
            link_label="Voir la réunion",
            in_inbox=member.user is not None,
            attachments=[ics],
        )
        sent += 1
    return sent
