"""Long documents: served at once when the same document was built already, else built by the
worker while the reader watches its progress, then downloaded from the same address."""

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from citeduc.accounts.models import User
from citeduc.common import signals
from citeduc.common.uploads import serve
from citeduc.governance import control
from citeduc.governance.views import controller_cite
from citeduc.indicators.access import sees_exact
from citeduc.jobs.enums import FINISHED, JobStatus
from citeduc.jobs.models import Job
from citeduc.jobs.outputs import OUTPUTS, review_print
from citeduc.jobs.views import enqueue
from citeduc.reviews import operations, report
from citeduc.reviews.models import AnnualReview
from citeduc.reviews.views import file_name, report_for
from citeduc.territory.models import CiteEducative


def serve_or_build(
    request: HttpRequest,
    kind: str,
    cite: CiteEducative,
    year: int,
    params: dict[str, Any],
    name: str,
    print_: str,
) -> HttpResponseBase:
    """The reader's rights are checked by the caller, on every download; `print_` is the
    fingerprint of the document the data give now."""
    built = _built(_jobs_for(kind, cite, year, print_))
    if built is not None:
        return serve(built.file, name, OUTPUTS[kind].content_type)
    return redirect(prepare(kind, cite, year, params, name, print_, cast(User, request.user)))


def _jobs_for(kind: str, cite: CiteEducative, year: int, print_: str) -> QuerySet[Job]:
    """The jobs of this document, as the data give it now (its fingerprint)."""
    return Job.objects.filter(kind=kind, cite=cite, year=year, params__fingerprint=print_)


def _built(jobs: QuerySet[Job]) -> Job | None:
    return jobs.filter(status=JobStatus.DONE).exclude(file="").first()


def prepare(
    kind: str,
    cite: CiteEducative,
    year: int,
    params: dict[str, Any],
    name: str,
    print_: str,
    user: User,
) -> Job:
    """The job that builds this document, asked now unless it is on its way or built already."""
    jobs = _jobs_for(kind, cite, year, print_)
    waiting = jobs.exclude(status__in=FINISHED).first() or _built(jobs)
    if waiting is not None:
        return waiting
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            cite=cite,
            year=year,
            started_by=user,
            dry_run=False,
            params={**params, "fingerprint": print_},
            file_name=name,
        )
        enqueue(job)
    return job


def _review(request: HttpRequest, slug: str, year: int, kind: str) -> HttpResponseBase:
    r = report_for(request, slug, year)
    name = file_name(r, OUTPUTS[kind].suffix)
    print_ = review_print(r, kind)
    return serve_or_build(request, kind, r.review.cite, year, {"exact": r.exact}, name, print_)


def prepare_review_pdf(review: AnnualReview, user: User) -> Job | None:
    """Once the figures are frozen, the report's PDF (about 2 s of WeasyPrint at national size) is
    built by the worker for the reader who froze them, so that « Télécharger (PDF) » finds it
    ready; another reader's rights, or a text changed since, build another on demand."""
    snapshot = operations.latest(review)
    if snapshot is None:
        return None
    r = report.build(review, snapshot, exact=sees_exact(user, review.cite))
    kind = "revue-pdf"
    return prepare(
        kind, review.cite, review.year, {"exact": r.exact}, file_name(r, "pdf"),
        review_print(r, kind), user,
    )  # fmt: skip


def _frozen(review: AnnualReview, user: User, **_kwargs: Any) -> None:
    if settings.CITEDUC_PREPARE_REVIEW_PDF:
        prepare_review_pdf(review, user)


def connect() -> None:
    signals.review_frozen.connect(_frozen, dispatch_uid="prepare-review-pdf")


@login_required
def review_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponseBase:
    return _review(request, slug, year, "revue-pdf")


@login_required
def review_docx(request: HttpRequest, slug: str, year: int) -> HttpResponseBase:
    return _review(request, slug, year, "revue-docx")


@login_required
def control_zip(request: HttpRequest, slug: str, year: int) -> HttpResponseBase:
    """Every document of the year with its index and history (art. 17), for the controllers."""
    cite = controller_cite(request, slug, year)
    name = f"controle-{cite.slug}-{year}.zip"
    print_ = control.fingerprint(cite, year)
    return serve_or_build(request, "controle-zip", cite, year, {}, name, print_)
