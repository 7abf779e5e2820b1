"""The families' guide of a neighbourhood: the published offer, in plain words, as a PDF."""

from collections import defaultdict

from django.utils import timezone

from citeduc.common.pdf import render_pdf
from citeduc.directory.models import Service
from citeduc.territory.models import Qpv


def guide_sections(qpv: Qpv) -> list[tuple[str, list[Service]]]:
    services = (
        Service.objects.published()
        .filter(qpvs=qpv)
        .select_related("organisation")
        .prefetch_related("themes")
        .order_by("name", "pk")
    )
    sections: dict[str, list[Service]] = defaultdict(list)
    for service in services:
        themes = list(service.themes.all())
        sections[themes[0].category if themes else "Autres services"].append(service)
    return sorted(sections.items())


def render_guide_pdf(qpv: Qpv) -> bytes:
    return render_pdf(
        "directory/qpv_guide.html",
        {"qpv": qpv, "sections": guide_sections(qpv), "today": timezone.localdate()},
    )
