"""Convoking a body: one e-mail per member with the agenda and the meeting as an .ics file."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from citeduc.accounts.models import Notification, User
from citeduc.accounts.notify import send_email
from citeduc.governance.enums import MeetingStatus, Presence
from citeduc.governance.ical import CONTENT_TYPE, calendar
from citeduc.governance.models import Attendance, Meeting


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
    lines.append("Le fichier joint ajoute la réunion à votre agenda.")
    return "\n".join(lines)


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
    ics = calendar([meeting], meeting.body.name)
    filename = f"{slugify(meeting.label)}-{timezone.localtime(meeting.starts_at):%Y%m%d}.ics"
    url = meeting.get_absolute_url()
    sent = 0
    for member in members:
        Attendance.objects.get_or_create(
            meeting=meeting, member=member, defaults={"presence": Presence.INVITED}
        )
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
            attachments=[(filename, ics, CONTENT_TYPE.split(";")[0])],
        )
        sent += 1
    meeting.convoked_at = timezone.now()
    meeting.save(update_fields=["convoked_at", "updated_at"])
    return sent
