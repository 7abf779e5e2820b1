"""Long outputs built by the worker instead of inside the request: the review's report as PDF
(5–6 s) and DOCX, and the control archive of a year (every document of the Cité, read from the
storage). A built file is kept and served again for as long as the data give the same document:

- the review's fingerprint is the SHA-256 of the report's HTML — the very text the PDF and the
  DOCX are made from, for the same reader's rights;
- the archive's is that of its index and history without the files' bytes (a document, once
  uploaded, is never rewritten: a new file is a new row).

Any change of the data builds a new document; nothing else does."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from citeduc.common.downloads import DOCX
from citeduc.governance import control
from citeduc.jobs.models import Job
from citeduc.reviews import operations, report
from citeduc.reviews.models import AnnualReview


def report_of(job: Job) -> report.Report:
    """The report as the job's reader may read it (their rights were checked when they asked)."""
    if job.year is None:
        raise Http404("Revue sans année.")
    review = AnnualReview.objects.select_related("cite").get(cite=job.cite, year=job.year)
    snapshot = operations.latest(review)
    if snapshot is None:
        raise Http404("Aucun chiffre figé pour cette revue.")
    return report.build(review, snapshot, exact=bool(job.params.get("exact")))


def review_print(r: report.Report, kind: str) -> str:
    """The fingerprint of a review document, from the report the reader may read."""
    text = report.html_document(r) + f"\n{kind}\nexact={r.exact}"
    return hashlib.sha256(text.encode()).hexdigest()


def _review(render: Callable[[report.Report], bytes]) -> Callable[[Job], tuple[bytes, str]]:
    def build(job: Job) -> tuple[bytes, str]:
        r = report_of(job)  # built once, for the print and the document
        return render(r), review_print(r, job.kind)

    return build


def _archive(job: Job) -> tuple[bytes, str]:
    """The print is taken before the archive: a change during the build leaves a file filed
    under an older print, never served for newer data."""
    assert job.cite is not None and job.year is not None
    print_ = control.fingerprint(job.cite, job.year)
    with control.build_archive(job.cite, job.year) as archive:
        return archive.read(), print_


@dataclass(frozen=True)
class Output:
    kind: str
    label: str
    suffix: str
    content_type: str
    # The document's bytes and the fingerprint of what it holds.
    build: Callable[[Job], tuple[bytes, str]]
    # The URL name the document is downloaded from (with the Cité's slug and the year), and the
    # page it is asked from.
    download: str
    back: tuple[str, str]


OUTPUTS: dict[str, Output] = {
    o.kind: o
    for o in [
        Output("revue-pdf", "Rapport de revue de projet (PDF)", "pdf", "application/pdf",
               _review(report.pdf_document), "jobs:review_pdf",
               ("reviews:review", "Revue de projet")),
        Output("revue-docx", "Rapport de revue de projet (DOCX)", "docx", DOCX,
               _review(report.docx_document), "jobs:review_docx",
               ("reviews:review", "Revue de projet")),
        Output("controle-zip", "Pièces et index pour le contrôle (ZIP)", "zip",
               "application/zip", _archive, "jobs:control_zip",
               ("governance:control", "Contrôle")),
    ]
}  # fmt: skip
