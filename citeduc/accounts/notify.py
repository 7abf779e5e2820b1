"""Telling people what concerns them: a notification in the app and an e-mail, both at once."""

from collections.abc import Iterable, Sequence
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from citeduc.accounts.models import Notification, User

# A file joined to an e-mail: (name, content, MIME type), or a ready MIME part (an iTIP
# invitation, whose type carries its method).
MailAttachment = tuple[str, bytes, str] | MIMEPart


def absolute(url: str) -> str:
    return f"{settings.CITEDUC_SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def send_email(
    address: str,
    name: str,
    subject: str,
    body: str,
    *,
    url: str = "",
    link_label: str = "Voir le dossier",
    in_inbox: bool = True,
    attachments: Sequence[MailAttachment] = (),
) -> None:
    """One e-mail in plain text and HTML, from the same two templates for every message. The
    subject is put on one line: a title typed with a line break (a meeting's, a project's) must
    neither end in an error nor add a header."""
    subject = " ".join(subject.split())
    context = {
        "name": name,
        "subject": subject,
        "body": body,
        "url": absolute(url) if url else "",
        "link_label": link_label,
        "in_inbox": in_inbox,
        "site_name": settings.CITEDUC_SITE_NAME,
    }
    mail = EmailMultiAlternatives(
        subject=f"[{settings.CITEDUC_SITE_NAME}] {subject}",
        body=render_to_string("emails/notification.txt", context),
        to=[address],
    )
    mail.attach_alternative(render_to_string("emails/notification.html", context), "text/html")
    for attachment in attachments:
        if isinstance(attachment, MIMEPart):
            mail.attach(attachment)
        else:
            mail.attach(*attachment)
    mail.send()


def notify(users: Iterable[User], subject: str, body: str, url: str = "") -> list[Notification]:
    """One inbox entry and one e-mail (plain text and HTML) per active user, each sent once."""
    recipients = {user.pk: user for user in users if user.is_active}.values()
    sent = []
    for user in recipients:
        sent.append(Notification.objects.create(user=user, subject=subject, body=body, url=url))
        send_email(user.email, user.get_full_name(), subject, body, url=url)
    return sent
