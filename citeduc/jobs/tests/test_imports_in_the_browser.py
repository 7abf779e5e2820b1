"""Imports from the browser, through the test client (jobs run by the immediate backend): the
preview names refused lines and writes nothing, the confirmed run writes once, the report and
the history say what was read."""

import html
import io
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.action_plan.models import Action
from citeduc.demo.loading import DemoResult
from citeduc.directory.models import Organisation
from citeduc.funding.models import Decision, GrantRequest, RequestedAmount
from citeduc.indicators.enums import Origin
from citeduc.indicators.measurement_sheet import measurements_workbook
from citeduc.indicators.models import Measurement
from citeduc.jobs import progress
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from citeduc.jobs.tasks import run_job
from tests.support.ods import ods
from tests.support.samples import PROGRAMMATION_HEADER, PROGRAMMATION_ROWS
from tests.support.world import World

# Runs the on-commit callbacks (the enqueue) of the request that creates a job.
Capture = Callable[..., Any]


@pytest.fixture
def coordination(demo: DemoResult, client: Client) -> Client:
    client.force_login(
        User.objects.get(memberships__cite=demo.cite, memberships__role=Role.COORDINATION)
    )
    return client


def xlsx(rows: list[list[Any]], name: str = "programmation.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


HEADER = ["Action", "Objectif", "Porteur", "SIRET", "QPV", "Ingénierie"]
FUNDERS = ["Demandé P147", "Accordé P147", "Demandé VILLE", "Accordé VILLE"]
GOOD: list[list[Any]] = [
    ["Ateliers lecture du mercredi", "1", "Association Alpha", "73282932000074",
     "QN02503M | QN02505M", "non", 12500, 12000, 5000, 5000],
    ["Coordination des collectifs", "1", "Cité éducative", "", "QN02503M", "oui",
     40000, 40000, None, None],
]  # fmt: skip


def post_file(client: Client, capture: Capture, kind: str, upload: Any, **data: Any) -> Any:
    url = reverse("jobs:upload", args=["besancon", kind])
    with capture(execute=True):
        return client.post(url, {"file": upload, **data})


class TestProgrammation:
    def test_refused_line_then_fixed_file_then_confirmed_once(
        self, coordination: Client, django_capture_on_commit_callbacks: Capture
    ) -> None:
        capture = django_capture_on_commit_callbacks
        before = Decision.objects.count()
        bad = [*GOOD, ["Sortie", "1", "Association Alpha", "", "QN09999X", "non", 800]]
        response = post_file(
            coordination, capture, "programmation", xlsx([HEADER + FUNDERS, *bad]), year=2026
        )
        preview = Job.objects.get()
        assert response["Location"] == preview.get_absolute_url()
        assert preview.status == JobStatus.REFUSED and preview.dry_run
        page = coordination.get(response["Location"]).content.decode()
        assert "programmation.xlsx, ligne 4 : QPV inconnu(s) dans la Cité : QN09999X" in page
        assert "rien n'a été écrit" in page and "Confirmer" not in page
        assert Decision.objects.count() == before

        response = post_file(
            coordination, capture, "programmation", xlsx([HEADER + FUNDERS, *GOOD]), year=2026
        )
        preview = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
        assert preview.status == JobStatus.DONE and preview.report["created"] == 3
        page = coordination.get(response["Location"]).content.decode()
        assert "programmation.xlsx, ligne 2" in page and "Confirmer l'import" in page
        assert Decision.objects.count() == before  # a preview writes nothing

        confirm = reverse("jobs:confirm", args=[preview.pk])
        with capture(execute=True):
            first = coordination.post(confirm)
        second = coordination.post(confirm)  # the same preview in a second tab
        assert first["Location"] == second["Location"]
        run = Job.objects.get(preview=preview)
        assert run.status == JobStatus.DONE and not run.dry_run and run.sha256 == preview.sha256
        assert Decision.objects.count() == before + 3
        grant = GrantRequest.objects.get(year=2026, action__title="Ateliers lecture du mercredi")
        assert {d.funder.code: d.amount for d in grant.decisions.all()} == {
            "P147": Decimal("12000"),
            "VILLE": Decimal("5000"),
        }
        state = coordination.get(reverse("jobs:state", args=[run.pk])).json()
        assert state["finished"] and state["percent"] == 100
        page = coordination.get(first["Location"]).content.decode()
        assert "Import terminé" in page
        assert reverse("funding:dashboard", args=["besancon", 2026]) in page
        history = coordination.get(reverse("jobs:history", args=["besancon"])).content.decode()
        assert history.count("programmation.xlsx") == 3

    def test_an_import_is_undone_unless_something_was_written_on_top(
        self, coordination: Client, django_capture_on_commit_callbacks: Capture
    ) -> None:
        capture = django_capture_on_commit_callbacks
        tables = (Action, GrantRequest, Decision, RequestedAmount, Organisation)
        before = [model.objects.count() for model in tables]
        outing = ["Sortie nature", "1", "Association Alpha", "", "QN02505M", "non"]
        lines: list[list[Any]] = [*GOOD, [*outing, None, None, 800, 700]]
        runs = []
        for _ in range(2):
            post_file(coordination, capture, "programmation", xlsx([HEADER + FUNDERS, *lines]),
                      year=2026)  # fmt: skip
            preview = Job.objects.filter(dry_run=True).first()
            assert preview is not None and preview.status == JobStatus.DONE
            with capture(execute=True):
                coordination.post(reverse("jobs:confirm", args=[preview.pk]))
            runs.append(Job.objects.get(preview=preview))
            lines[0] = [*lines[0][:6], 12500, 11000, 5000, 5000]  # the second file changes one
        first, second = runs
        assert second.report["updated"] == 1 and len(second.changes) == 1
        grant = GrantRequest.objects.get(year=2026, action__title="Ateliers lecture du mercredi")
        decision = grant.decisions.get(funder__code="P147")
        assert decision.amount == Decimal("11000")

        refused = coordination.post(reverse("jobs:undo", args=[first.pk]), follow=True)
        said = html.unescape(refused.content.decode())
        assert f"L'import n° {second.pk}, plus récent, est à annuler d'abord" in said
        coordination.post(reverse("jobs:undo", args=[second.pk]))
        decision.refresh_from_db()
        assert decision.amount == Decimal("12000")  # as the first import left it

        decision.amount = Decimal("11500")  # written by hand on top of the first import
        decision.save()
        page = coordination.post(reverse("jobs:undo", args=[first.pk]), follow=True)
        assert "a été modifié depuis l'import" in html.unescape(page.content.decode())
        assert Job.objects.get(pk=first.pk).status == JobStatus.DONE
        decision.amount = Decimal("12000")
        decision.save()
        coordination.post(reverse("jobs:undo", args=[first.pk]))
        assert Job.objects.get(pk=first.pk).status == JobStatus.UNDONE
        assert [model.objects.count() for model in tables] == before

    def test_a_windows_1252_csv_is_read_and_said(
        self, coordination: Client, django_capture_on_commit_callbacks: Capture
    ) -> None:
        text = PROGRAMMATION_HEADER + "\n".join(PROGRAMMATION_ROWS) + "\n"
        upload = SimpleUploadedFile("programmation.csv", text.encode("cp1252"))
        post_file(coordination, django_capture_on_commit_callbacks, "programmation", upload,
                  year=2026)  # fmt: skip
        job = Job.objects.get()
        assert job.status == JobStatus.DONE, job.report
        assert "Windows-1252" in job.report["notices"][0]
        # The accents came through: the objective named by its title was found, the porteur kept.
        assert "Coordination des collectifs — Cité éducative" in str(job.report["lines"])

    def test_an_ods_file_is_read_like_a_workbook(
        self, coordination: Client, django_capture_on_commit_callbacks: Capture
    ) -> None:
        upload = SimpleUploadedFile("programmation.ods", ods([HEADER + FUNDERS, *GOOD]))
        post_file(coordination, django_capture_on_commit_callbacks, "programmation", upload,
                  year=2026)  # fmt: skip
        job = Job.objects.get()
        assert job.status == JobStatus.DONE, job.report["errors"]
        assert job.report["created"] == 3
        assert job.report["lines"][0][0] == "programmation.ods, ligne 2"

    def test_a_file_that_is_no_table_is_refused_by_the_form(
        self, coordination: Client, django_capture_on_commit_callbacks: Capture
    ) -> None:
        upload = SimpleUploadedFile("programmation.csv", b"%PDF-1.4\x00\x01binaire")
        response = post_file(
            coordination, django_capture_on_commit_callbacks, "programmation", upload, year=2026
        )
        assert response.status_code == 400
        assert "ni un CSV ni un classeur" in response.content.decode()
        assert not Job.objects.exists()

    def test_the_template_downloads_and_names_the_columns(self, coordination: Client) -> None:
        response = coordination.get(reverse("jobs:template", args=["besancon", "programmation"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [cell.value for cell in sheet[2]]  # under the title row
        assert header[:6] == HEADER and "Demandé P147" in header and "Accordé VILLE" in header

    def test_a_job_whose_beat_stopped_is_marked_failed(
        self, coordination: Client, demo: DemoResult, settings: Any
    ) -> None:
        settings.CITEDUC_JOB_STALE_SECONDS = 1
        job = Job.objects.create(
            kind="programmation", cite=demo.cite, status=JobStatus.RUNNING, file_name="x.csv"
        )
        progress.write(job.pk, "Écriture", 10, 100)
        assert (
            coordination.get(reverse("jobs:state", args=[job.pk])).json()["percent"] == 55
        )  # writing, a tenth done
        time.sleep(1.2)
        state = coordination.get(reverse("jobs:state", args=[job.pk])).json()
        assert state["status"] == JobStatus.FAILED and state["finished"]
        assert "rien n'a été écrit" in Job.objects.get(pk=job.pk).message


def test_a_job_whose_file_the_storage_lost_fails_at_once(world: World) -> None:
    job = Job.objects.create(
        kind="programmation", cite=world.cite, year=2025, file="imports/perdu.csv"
    )
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "rien n'a été écrit" in job.message


class TestMeasurements:
    def test_imported_measurements_exported_then_imported_again_are_the_same(
        self,
        coordination: Client,
        demo: DemoResult,
        django_capture_on_commit_callbacks: Capture,
    ) -> None:
        capture = django_capture_on_commit_callbacks
        lines: list[list[Any]] = [
            ["indicateur", "periode", "qpv", "sexe", "tranche_age", "valeur", "numerateur",
             "denominateur"],
            ["PARENTS_IMPLIQUES", "2026", "QN02503M", "F", "", 14, None, None],
            ["PARENTS_IMPLIQUES", "2026", "QN02503M", "G", "", 9, None, None],
            ["ABSENTEISME", "2025-2026", "QN02505M", "", "11-14", None, 40, 455],
        ]  # fmt: skip
        post_file(coordination, capture, "mesures", xlsx(lines, "mesures.xlsx"))
        with capture(execute=True):
            coordination.post(reverse("jobs:confirm", args=[Job.objects.get().pk]))

        def imported() -> list[tuple[str, str, str, Decimal]]:
            return sorted(
                Measurement.objects.filter(
                    indicator__cite=demo.cite, year=2026, origin=Origin.IMPORTED
                ).values_list("indicator__code", "period", "qpv__code", "value")
            )

        first = imported()
        assert (
            len(first) == 3 and ("ABSENTEISME", "2025-2026", "QN02505M", Decimal("8.79")) in first
        )
        buffer = io.BytesIO()
        measurements_workbook(demo.cite, 2026).save(buffer)
        Measurement.objects.filter(
            indicator__cite=demo.cite, year=2026, origin=Origin.IMPORTED
        ).delete()
        upload = SimpleUploadedFile("mesures-2026.xlsx", buffer.getvalue())
        post_file(coordination, capture, "mesures", upload)
        preview = Job.objects.get(file_name="mesures-2026.xlsx")
        assert preview.status == JobStatus.DONE, preview.report["errors"][:3]
        with capture(execute=True):
            coordination.post(reverse("jobs:confirm", args=[preview.pk]))
        assert imported() == first
