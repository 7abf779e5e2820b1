"""Benchmark: the Besançon 2025 annual review — freezing its figures, then building its report
as PDF (WeasyPrint), DOCX (python-docx, charts drawn with Pillow) and standalone HTML.

Run: CITEDUC_ALLOW_DEV_SECRET=1 .venv/bin/python bench/review_pdf.py
(DATABASE_URL=postgres://… to measure on PostgreSQL). The demo is loaded and everything is rolled
back at the end. Prints the median and best of several builds, the query count and the sizes;
asserts nothing.
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from citeduc.demo.loading import load_demo  # noqa: E402
from citeduc.reviews import operations, report  # noqa: E402
from citeduc.reviews.models import AnnualReview  # noqa: E402

REPEAT = 7


def timed(label: str, run, repeat: int = REPEAT):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - start)
    size = f"{len(result) / 1024:7.1f} Kio" if isinstance(result, (bytes, str)) else ""
    print(
        f"{label:38} médiane {statistics.median(times) * 1000:8.1f} ms  "
        f"meilleur {min(times) * 1000:8.1f} ms  {len(queries):4d} requêtes SQL  {size}"
    )
    return result


def main() -> None:
    print(
        f"Base : {connection.vendor} ; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cœurs ; Python {platform.python_version()}"
    )
    with transaction.atomic():
        load_demo(with_accounts=False)
        review = AnnualReview.objects.get(cite__slug="besancon", year=2025)
        timed("Figer les chiffres 2025", lambda: operations.freeze(review, None), repeat=3)
        taken = operations.latest(review)
        assert taken is not None
        built = report.build(review, taken, exact=True)
        timed("Rapport PDF (WeasyPrint)", lambda: report.pdf_document(built))
        timed("Rapport DOCX (python-docx + Pillow)", lambda: report.docx_document(built))
        timed("Rapport HTML autonome", lambda: report.html_document(built))
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
