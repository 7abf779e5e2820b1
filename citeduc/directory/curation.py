"""What the coordination does to keep the directory true: publish, close, merge duplicates."""

from django.db import transaction
from django.utils import timezone

from citeduc.common import versions
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.models import Organisation, Service


def set_status(service: Service, status: ServiceStatus) -> None:
    service.status = status
    service.updated_on = timezone.localdate()
    service.save(update_fields=["status", "updated_on"])


@transaction.atomic
def merge_organisations(duplicate: Organisation, kept: Organisation) -> int:
    """Move the duplicate's services, schemes and editors to the kept organisation; the duplicate
    stays, marked merged, so that its history and external ids remain traceable."""
    if duplicate.pk == kept.pk:
        raise ValueError("Une structure ne peut pas être fusionnée avec elle-même.")
    if duplicate.cite_id != kept.cite_id:
        raise ValueError("Les deux structures doivent appartenir à la même Cité.")
    moved = Service.objects.filter(organisation=duplicate).update(organisation=kept)
    versions.changed(kept.cite_id, "directory")  # an update sends no signal
    for scheme in duplicate.schemes.all():
        scheme.porteurs.remove(duplicate)
        scheme.porteurs.add(kept)
    kept.editors.add(*duplicate.editors.all())
    if not kept.administrators.exists():
        kept.administrators.add(*duplicate.administrators.all())
    duplicate.merged_into = kept
    duplicate.save(update_fields=["merged_into"])
    return moved
