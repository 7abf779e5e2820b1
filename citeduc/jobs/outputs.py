"""Long outputs built by the worker instead of inside the request: the review's report as PDF
(5–6 s) and as DOCX. A built file is kept and served again for as long as the data give the same
document: its fingerprint is the SHA-256 of the report's HTML (the very text the PDF and the DOCX
are made from, for the same reader's rights), so any change of the data or of the text builds a
new one, and nothing else does."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from citeduc.common.downloads import DOCX
from citeduc.jobs.models import Job
from citeduc.reviews import operations, report
from citeduc.reviews.models import AnnualReview


@dataclass(frozen=True)
class Output:
    kind: str
    label: str
    suffix: str
    content_type: str
    render: Callable[[report.Report], bytes]


OUTPUTS: dict[str, Output] = {
    o.kind: o
    for o in [
        Output("revue-pdf", "Rapport de revue de projet (PDF)", "pdf", "application/pdf",
               report.pdf_document),
        Output("revue-docx", "Rapport de revue de projet (DOCX)", "docx", DOCX,
               report.docx_document),
    ]
}  # fmt: skip


def fingerprint(r: report.Report, output: Output) -> str:
    text = report.html_document(r) + f"\n{output.kind}\nexact={r.exact}"
    return hashlib.sha256(text.encode()).hexdigest()


def report_of(job: Job) -> report.Report:
    """The report as the job's reader may read it (their rights were checked when they asked)."""
    if job.year is None:
        raise Http404("Revue sans année.")
    review = AnnualReview.objects.select_related("cite").get(cite=job.cite, year=job.year)
    snapshot = operations.latest(review)
    if snapshot is None:
        raise Http404("Aucun chiffre figé pour cette revue.")
    return report.build(review, snapshot, exact=bool(job.params.get("exact")))


def build(job: Job) -> tuple[bytes, str]:
    """The document's bytes and the fingerprint of what was actually built (the data may have
    changed between the request and the build: the file is filed under what it holds)."""
    output = OUTPUTS[job.kind]
    r = report_of(job)
    return output.render(r), fingerprint(r, output)
