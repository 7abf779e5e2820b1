"""The Annuaire de l'éducation, imported from the browser by the national coordination, puts the
schools of Besançon on the Cité's map; the coordination then confirms the matches of the
demo's schools (named by the convention without UAI) on one page."""

import csv
import html
import io
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.demo.loading import DemoResult
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from citeduc.territory.enums import CiteRole, PriorityEducation
from citeduc.territory.matching import similarity
from citeduc.territory.models import Establishment
from citeduc.territory.validators import uai_check_letter
from tests.support.annuaire import ANNUAIRE_COLUMNS, annuaire_row

Capture = Callable[..., Any]
PLANOISE = {"latitude": "47.22029", "longitude": "5.9723"}  # inside QN02503M's contour


def uai(number: int) -> str:
    digits = f"025{number:04d}"
    return digits + uai_check_letter(digits)


def row(number: int, name: str, kind: str, rep: str, **extra: str) -> dict[str, str]:
    flags = {
        "maternelle": ("1", "0"),
        "elementaire": ("0", "1"),
    }.get(kind, ("", ""))
    return annuaire_row(
        Identifiant_de_l_etablissement=uai(number),
        Nom_etablissement=name,
        Type_etablissement="Collège" if kind == "college" else "Ecole",
        Appartenance_Education_Prioritaire=rep,
        Ecole_maternelle=flags[0],
        Ecole_elementaire=flags[1],
        **extra,
    )


ROWS = [
    row(1, "Collège Diderot", "college", "REP+", **PLANOISE),
    row(2, "Ecole maternelle publique Bourgogne", "maternelle", "REP+", **PLANOISE),
    row(3, "Ecole élémentaire publique Bourgogne", "elementaire", "REP+", **PLANOISE),
    row(4, "Ecole maternelle Artois", "maternelle", "REP+", **PLANOISE),
    # In priority education, no position: attached by its REP status.
    row(5, "Ecole élémentaire Jean Zay", "elementaire", "REP", latitude="", longitude=""),
    # Neither in a QPV nor in priority education: stays out of the Cité.
    row(6, "Ecole élémentaire des Chaprais", "elementaire", "", latitude="", longitude=""),
]


def annuaire_file() -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ANNUAIRE_COLUMNS, delimiter=";")
    writer.writeheader()
    writer.writerows(ROWS)
    return SimpleUploadedFile("fr-en-annuaire-education.csv", buffer.getvalue().encode())


def test_names_are_compared_without_what_the_establishment_is() -> None:
    assert similarity("Diderot", "Collège Diderot") == 1.0
    assert similarity("Ile de France", "Ecole maternelle publique Île-de-France") == 1.0
    assert similarity("Dürer", "Ecole élémentaire Albrecht Dürer") < 1.0
    assert similarity("Stendhal", "Collège Voltaire") < 0.75


class TestAnnuaire:
    def test_import_attaches_then_the_coordination_confirms_matches(
        self, demo: DemoResult, client: Client, django_capture_on_commit_callbacks: Capture
    ) -> None:
        cite = demo.cite
        detail = reverse("territory:cite_detail", args=[cite.slug])
        assert client.get(detail).context["positioned_count"] == 0
        client.force_login(User.objects.get(is_national=True, email__startswith="national"))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("jobs:national_upload", args=["annuaire"]), {"file": annuaire_file()}
            )
        preview = Job.objects.get()
        assert preview.cite is None and preview.status == JobStatus.DONE, preview.report
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("jobs:confirm", args=[preview.pk]))
        run = Job.objects.get(preview=preview)
        assert run.status == JobStatus.DONE and run.report["created"] == 6
        assert f"5 établissement(s) rattaché(s) à la Cité éducative {cite.name}" in str(
            run.report["notices"]
        )
        out = Establishment.objects.get(uai=uai(6))
        assert out.cite is None
        assert client.get(detail).context["positioned_count"] == 4

        client.force_login(
            User.objects.get(memberships__cite=cite, memberships__role=Role.COORDINATION)
        )
        url = reverse("territory:match_establishments", args=[cite.slug])
        page = client.get(url)
        proposals = {p.local.name: p for p in page.context["proposals"]}
        diderot = proposals["Diderot"]
        assert diderot.candidates[0][0].uai == uai(1)
        maternelle = next(
            p for p in page.context["proposals"]
            if p.local.name == "Bourgogne" and p.local.kind == "ecole_maternelle"
        )  # fmt: skip
        assert maternelle.candidates[0][0].uai == uai(2)  # the same kind first
        lead = diderot.local
        elementaire = next(
            p for p in page.context["proposals"]
            if p.local.name == "Bourgogne" and p.local.kind == "ecole_elementaire"
        )  # fmt: skip
        twice = client.post(
            url,
            {
                f"choix-{maternelle.local.pk}": str(uai_pk(2)),
                f"choix-{elementaire.local.pk}": str(uai_pk(2)),
            },
        )
        assert "ne peut être rapprochée que d'un seul" in html.unescape(twice.content.decode())
        proposed = [p.local.pk for p in page.context["proposals"]]
        assert not Establishment.objects.filter(pk__in=proposed, uai__isnull=False).exists()
        assert Establishment.objects.get(uai=uai(2)).pk != maternelle.local.pk
        choices = {
            f"choix-{lead.pk}": str(uai_pk(1)),
            f"choix-{maternelle.local.pk}": str(uai_pk(2)),
        }
        response = client.post(url, choices)
        assert response.status_code == 302
        merged = Establishment.objects.get(uai=uai(1))
        assert merged.pk == lead.pk and merged.name == "Collège Diderot"
        assert merged.cite_role == CiteRole.CHEF_DE_FILE and merged.latitude is not None
        assert merged.priority_education == PriorityEducation.REP_PLUS
        assert Establishment.objects.filter(name__icontains="Diderot").count() == 1
        cite.refresh_from_db()
        assert cite.lead_college_id == lead.pk
        assert Establishment.objects.get(uai=uai(2)).pk == maternelle.local.pk
        again = client.post(url, choices, follow=True)  # the same form sent from a second tab
        assert "Aucun rapprochement confirmé" in html.unescape(again.content.decode())
        remaining = {p.local.pk for p in client.get(url).context["proposals"]}
        assert lead.pk not in remaining and maternelle.local.pk not in remaining


def uai_pk(number: int) -> int:
    return Establishment.objects.get(uai=uai(number)).pk
