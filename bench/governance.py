"""Benchmark: a Cité with 1 200 meetings over three years (a COPIL, a comité technique and six
collectifs meeting monthly or more, with decisions and documents): the iCalendar feed, the
calendar and register pages, R-GOV checks, and the control ZIP.

Run: CITEDUC_ALLOW_DEV_SECRET=1 .venv/bin/python bench/governance.py
(DATABASE_URL=postgres://… to measure on PostgreSQL). The demo is loaded and everything is rolled
back at the end. Prints timings and query counts; asserts nothing.
"""

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from citeduc.accounts.models import Membership, User  # noqa: E402
from citeduc.demo.loading import load_demo  # noqa: E402
from citeduc.governance import control, ical  # noqa: E402
from citeduc.governance.loaders import check  # noqa: E402
from citeduc.governance.models import Body, DecisionRecord, Document, Meeting  # noqa: E402

MEETINGS = 1200


def timed(label: str, run, repeat: int = 5) -> None:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            run()
            elapsed = time.perf_counter() - start
        best = min(best, elapsed)
    print(f"{label:45} {best * 1000:8.1f} ms  {len(queries):4d} requêtes SQL")


def main() -> None:
    print(f"Base : {connection.vendor}")
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=["testserver"]),
    ):
        with transaction.atomic():
            cite = load_demo(with_accounts=False).cite
            user = User.objects.create_user("bench@example.org", "mot-de-passe-de-banc")
            Membership.objects.create(user=user, cite=cite, role="coordination")
            bodies = list(Body.objects.filter(cite=cite))
            start = timezone.now().replace(hour=13, minute=0, second=0, microsecond=0)
            meetings = Meeting.objects.bulk_create(
                Meeting(
                    body=bodies[i % len(bodies)],
                    starts_at=start - timedelta(days=i),
                    ends_at=start - timedelta(days=i) + timedelta(hours=2),
                    place=f"Salle {i % 12}",
                    agenda="Point 1\nPoint 2\nPoint 3",
                )
                for i in range(MEETINGS)
            )
            for i, meeting in enumerate(meetings[:400]):
                record = DecisionRecord.objects.create(
                    meeting=meeting, number=1, text=f"Décision de banc d'essai {i}"
                )
                Document.objects.create(
                    cite=cite,
                    year=meeting.starts_at.year,
                    kind="compte_rendu",
                    meeting=meeting,
                    file=ContentFile(b"%PDF-1.4 " + bytes(20_000), name="cr.pdf"),
                    original_name=f"cr-{i}.pdf",
                    content_type="application/pdf",
                    size=20_009,
                    uploaded_by=user,
                )
                record.actions.set([])
            print(f"{MEETINGS} réunions, 400 décisions et documents de 20 ko")
            client = Client()
            client.force_login(user)
            year = timezone.localdate().year
            all_meetings = Meeting.objects.filter(body__cite=cite).select_related("body__cite")
            timed(
                "flux iCalendar (génération)", lambda: ical.calendar(all_meetings, "bench", cite.pk)
            )
            timed(
                "flux iCalendar (page)",
                lambda: client.get(reverse("governance:feed", args=[cite.slug])),
            )
            timed(
                "calendrier des réunions",
                lambda: client.get(reverse("governance:calendar", args=[cite.slug])),
            )
            timed(
                "registre des décisions",
                lambda: client.get(reverse("governance:register", args=[cite.slug])),
            )
            timed("règles R-GOV d'une année", lambda: check(cite, year))
            timed(
                "vue contrôle de l'année",
                lambda: client.get(reverse("governance:control", args=[cite.slug, year])),
            )
            timed("archive ZIP de contrôle", lambda: control.build_archive(cite, year), repeat=2)
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
