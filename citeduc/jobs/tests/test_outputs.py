"""The review's report (PDF, DOCX) and the control archive are built by a job, kept, served again
while the data give the same document, and built anew once they change."""

import hashlib
import io
import zipfile
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.accounts.models import User
from citeduc.demo.loading import DemoResult
from citeduc.governance.models import Document
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from citeduc.reviews.models import AnnualReview
from tests.support.access import finish, governance_of
from tests.support.world import World


def login(client: Client, demo: DemoResult, role: str) -> Client:
    client.force_login(User.objects.get(memberships__cite=demo.cite, memberships__role=role))
    return client


def body(response: Any) -> bytes:
    content = b"".join(response.streaming_content)
    finish(response)
    return content


class TestReviewDocuments:
    def test_built_once_served_again_rebuilt_when_the_review_changes(
        self,
        demo: DemoResult,
        client: Client,
        django_capture_on_commit_callbacks: Callable[..., Any],
    ) -> None:
        login(client, demo, Role.COORDINATION)
        url = reverse("jobs:review_pdf", args=[demo.cite.slug, 2025])
        with django_capture_on_commit_callbacks(execute=True):
            first = client.get(url)
        job = Job.objects.get(kind="revue-pdf")
        assert first.status_code == 302 and first["Location"] == job.get_absolute_url()
        assert job.status == JobStatus.DONE, job.message
        page = client.get(first["Location"]).content.decode()
        assert "Document prêt" in page and url in page

        served = client.get(url)
        assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
        content = body(served)
        assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == job.sha256
        assert Job.objects.filter(kind="revue-pdf").count() == 1  # not built twice

        review = AnnualReview.objects.get(cite=demo.cite, year=2025)
        review.cooperation = "Coopération renforcée avec le centre social (ajout)."
        review.save()
        with django_capture_on_commit_callbacks(execute=True):
            again = client.get(url)
        assert again.status_code == 302
        assert Job.objects.filter(kind="revue-pdf", status=JobStatus.DONE).count() == 2

    def test_freezing_the_figures_prepares_the_pdf_the_download_then_finds(
        self,
        demo: DemoResult,
        client: Client,
        settings: Any,
        django_capture_on_commit_callbacks: Callable[..., Any],
    ) -> None:
        settings.CITEDUC_PREPARE_REVIEW_PDF = True
        login(client, demo, Role.COORDINATION)
        freeze = reverse("reviews:review_freeze", args=[demo.cite.slug, 2025])
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(freeze).status_code == 302
        job = Job.objects.get(kind="revue-pdf")
        assert job.status == JobStatus.DONE, job.message
        served = client.get(reverse("jobs:review_pdf", args=[demo.cite.slug, 2025]))
        assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
        assert hashlib.sha256(body(served)).hexdigest() == job.sha256
        assert Job.objects.filter(kind="revue-pdf").count() == 1
        # Frozen again (figures n° 2): the new document is ready too, the first one not served.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(freeze)
        second = Job.objects.filter(kind="revue-pdf").exclude(pk=job.pk).get()
        served = client.get(reverse("jobs:review_pdf", args=[demo.cite.slug, 2025]))
        assert served.status_code == 200
        assert hashlib.sha256(body(served)).hexdigest() == second.sha256 != job.sha256

    def test_the_docx_is_built_too_and_a_porteur_gets_nothing(
        self,
        demo: DemoResult,
        client: Client,
        django_capture_on_commit_callbacks: Callable[..., Any],
    ) -> None:
        url = reverse("jobs:review_docx", args=[demo.cite.slug, 2025])
        login(client, demo, Role.PORTEUR)
        assert client.get(url).status_code == 404
        login(client, demo, Role.PILOTE_ETAT)
        with django_capture_on_commit_callbacks(execute=True):
            client.get(url)
        job = Job.objects.get(kind="revue-docx")
        assert job.status == JobStatus.DONE and job.file_name.endswith(".docx")
        assert body(client.get(url)).startswith(b"PK")
        login(client, demo, Role.PORTEUR)
        assert client.get(job.get_absolute_url()).status_code == 404


def test_the_control_archive_is_kept_until_a_document_is_added(
    client: Client, world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    meeting = governance_of(world.own).meeting  # a meeting of 2025 with its minutes' document
    client.force_login(world.users[Role.PILOTE_ETAT])
    url = reverse("jobs:control_zip", args=[world.cite.slug, 2025])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 302
    served = client.get(url)
    assert served["Content-Type"] == "application/zip"
    before = zipfile.ZipFile(io.BytesIO(body(served))).namelist()
    assert "index.csv" in before
    Document.objects.create(
        cite=world.cite,
        year=2025,
        kind="compte_rendu",
        meeting=meeting,
        title="Compte rendu signé",
        file=ContentFile(b"%PDF-1.4 compte rendu", name="cr.pdf"),
        original_name="compte-rendu.pdf",
        content_type="application/pdf",
        size=21,
        uploaded_by=world.users[Role.COORDINATION],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 302  # the data changed: built anew
    names = zipfile.ZipFile(io.BytesIO(body(client.get(url)))).namelist()
    assert len(names) == len(before) + 1 and any("compte-rendu-signe" in n for n in names)
    assert Job.objects.filter(kind="controle-zip", status=JobStatus.DONE).count() == 2
