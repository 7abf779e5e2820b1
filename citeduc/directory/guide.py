"""The families' guide of a neighbourhood: the published offer that a family can reach (a
phone or an e-mail), in plain words, with a code to scan to each service's card, as a PDF.

The published services left out for want of a contact are what the coordination's page lists
"à compléter" (``incomplete``)."""

from collections import defaultdict

import segno
from django.conf import settings
from django.utils import timezone

from citeduc.common.pdf import render_pdf
from citeduc.directory.models import Service, ServiceQuerySet
from citeduc.territory.models import Qpv


def _published_in(qpv: Qpv) -> ServiceQuerySet:
    return Service.objects.published().filter(qpvs=qpv)


def guide_sections(qpv: Qpv) -> list[tuple[str, list[Service]]]:
    services = (
        _published_in(qpv)
        .reachable()
        .select_related("organisation", "commune")
        .prefetch_related("themes")
        .order_by("name", "pk")
    )
    site = settings.CITEDUC_SITE_URL.rstrip("/")
    sections: dict[str, list[Service]] = defaultdict(list)
    for service in services:
        code = segno.make(site + service.get_absolute_url(), error="m")
        service.qr = code.svg_data_uri(scale=4, border=1)  # type: ignore[attr-defined]
        themes = list(service.themes.all())
        sections[themes[0].category if themes else "Autres services"].append(service)
    return sorted(sections.items())


def incomplete(services: ServiceQuerySet) -> ServiceQuerySet:
    """Published services a family cannot reach: left out of the guides until completed."""
    return services.published().filter(phone="", email="")


def render_guide_pdf(qpv: Qpv) -> bytes:
    return render_pdf(
        "directory/qpv_guide.html",
        {"qpv": qpv, "sections": guide_sections(qpv), "today": timezone.localdate()},
    )
