"""Keeping the directory true over time, as DORA does: after six months the editors of a
structure are asked by e-mail to confirm its services; after a year without confirmation a
service is flagged "à vérifier" and the coordination of its Cité is told.

`run()` is what the daily command `manage.py remind_services` (or the task of the same name)
calls; it sends each message once: a reminder until the service is confirmed again, a flag
once per service."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from citeduc.accounts.members import coordination_of
from citeduc.accounts.models import User
from citeduc.accounts.notify import notify
from citeduc.common import versions
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import STALE_AFTER, Organisation, Service

LIVE = [ServiceStatus.PUBLISHED, ServiceStatus.TO_CHECK]


@dataclass
class FreshnessRun:
    reminded_services: int = 0
    reminded_people: int = 0
    flagged_services: int = 0


def confirm(service: Service) -> None:
    service.updated_on = timezone.localdate()
    service.reminded_on = None
    if service.status == ServiceStatus.TO_CHECK:
        service.status = ServiceStatus.PUBLISHED
    service.save(update_fields=["updated_on", "reminded_on", "status"])


def run(today: date | None = None) -> FreshnessRun:
    today = today or timezone.localdate()
    result = FreshnessRun()
    with transaction.atomic():
        _remind(today, result)
        _flag(today, result)
    return result


def _remind(today: date, result: FreshnessRun) -> None:
    limit = today - timedelta(days=settings.CITEDUC_SERVICE_REMINDER_DAYS)
    due = list(
        Service.objects.filter(
            status__in=LIVE,
            updated_on__lte=limit,
            reminded_on__isnull=True,
            organisation__merged_into__isnull=True,
        )
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    by_person: dict[int, list[Service]] = defaultdict(list)
    people: dict[int, User] = {}
    editors = Organisation.editors.through.objects.filter(
        organisation__in={s.organisation_id for s in due}
    ).select_related("user")
    editors_of: dict[int, list[User]] = defaultdict(list)
    for link in editors:
        editors_of[link.organisation_id].append(link.user)
    reminded = []
    for service in due:
        for user in editors_of.get(service.organisation_id, []):
            by_person[user.pk].append(service)
            people[user.pk] = user
        if editors_of.get(service.organisation_id):
            reminded.append(service.pk)
    for pk, services in by_person.items():
        lines = "\n".join(
            f"- {s.name} ({s.organisation.name}), mis à jour le {s.updated_on:%d/%m/%Y}"
            for s in services
        )
        notify(
            [people[pk]],
            "Vos services de l'annuaire sont-ils toujours à jour ?",
            "Les familles comptent sur ces fiches. Ouvrez chacune, corrigez-la si besoin ou "
            "cliquez sur « Ces informations sont à jour » :\n" + lines + "\n\nSans confirmation "
            "un an après leur dernière mise à jour, elles sont signalées « à vérifier » à la "
            "coordination.",
            reverse("directory:my_structures"),
        )
    result.reminded_people = len(by_person)
    result.reminded_services = Service.objects.filter(pk__in=reminded).update(reminded_on=today)
    versions.changed(None, "directory")  # an update sends no signal


def _flag(today: date, result: FreshnessRun) -> None:
    stale = list(
        Service.objects.filter(
            status=ServiceStatus.PUBLISHED,
            updated_on__lt=today - STALE_AFTER,
            organisation__merged_into__isnull=True,
        ).select_related("organisation", "organisation__cite")
    )
    by_cite: dict[int, list[Service]] = defaultdict(list)
    for service in stale:
        by_cite[service.organisation.cite_id].append(service)
    for services in by_cite.values():
        cite = services[0].organisation.cite  # read with the services
        lines = "\n".join(f"- {s.name} ({s.organisation.name})" for s in services)
        notify(
            coordination_of(cite.pk),
            f"{len(services)} service(s) de l'annuaire à vérifier",
            "Ces services n'ont pas été confirmés depuis plus d'un an ; ils sont marqués « à "
            "vérifier » dans l'annuaire :\n" + lines,
            reverse("directory:manage", args=[cite.slug]),
        )
    result.flagged_services = Service.objects.filter(pk__in=[s.pk for s in stale]).update(
        status=ServiceStatus.TO_CHECK
    )
    versions.changed(None, "directory")
