"""The review's report as PDF or DOCX: served at once when the same document was built already,
else built by the worker while the reader watches its progress, then downloaded."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from citeduc.accounts.models import User
from citeduc.common.uploads import serve
from citeduc.jobs.enums import FINISHED, JobStatus
from citeduc.jobs.models import Job
from citeduc.jobs.outputs import OUTPUTS, fingerprint
from citeduc.jobs.views import enqueue
from citeduc.reviews.views import file_name, report_for


def _review_file(request: HttpRequest, slug: str, year: int, kind: str) -> HttpResponseBase:
    r = report_for(request, slug, year)  # the reader's rights, checked on every download
    output = OUTPUTS[kind]
    print_ = fingerprint(r, output)
    same = Job.objects.filter(kind=kind, cite=r.review.cite, year=year, params__fingerprint=print_)
    built = same.filter(status=JobStatus.DONE).exclude(file="").first()
    if built is not None:
        return serve(built.file, file_name(r, output.suffix), output.content_type)
    pending = same.exclude(status__in=FINISHED).first()
    if pending is not None:
        return redirect(pending)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            cite=r.review.cite,
            year=year,
            started_by=cast(User, request.user),
            dry_run=False,
            params={"exact": r.exact, "fingerprint": print_},
            file_name=file_name(r, output.suffix),
        )
        enqueue(job)
    return redirect(job)


@login_required
def review_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponseBase:
    return _review_file(request, slug, year, "revue-pdf")


@login_required
def review_docx(request: HttpRequest, slug: str, year: int) -> HttpResponseBase:
    return _review_file(request, slug, year, "revue-docx")
