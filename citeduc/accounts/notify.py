"""Telling people what concerns them: a notification in the app and an e-mail, both at once."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from citeduc.accounts.models import Notification, User


def absolute(url: str) -> str:
    return f"{settings.CITEDUC_SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def notify(users: Iterable[User], subject: str, body: str, url: str = "") -> list[Notification]:
    """One inbox entry and one e-mail (plain text and HTML) per active user, each sent once."""
    recipients = {user.pk: user for user in users if user.is_active}.values()
    sent = []
    for user in recipients:
        sent.append(Notification.objects.create(user=user, subject=subject, body=body, url=url))
        context = {
            "user": user,
            "subject": subject,
            "body": body,
            "url": absolute(url) if url else "",
            "site_name": settings.CITEDUC_SITE_NAME,
        }
        mail = EmailMultiAlternatives(
            subject=f"[{settings.CITEDUC_SITE_NAME}] {subject}",
            body=render_to_string("emails/notification.txt", context),
            to=[user.email],
        )
        mail.attach_alternative(render_to_string("emails/notification.html", context), "text/html")
        mail.send()
    return sent
