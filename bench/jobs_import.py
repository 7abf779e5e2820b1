"""Benchmark: imports through the job system, as a coordination or the national staff run them
from the browser — a 2 000-line programmation (1 000 actions × 2 funders) and a 70 000-line
Annuaire de l'éducation (official columns) — each as a preview then a confirmed import, run by
a real `db_worker` in another process. Prints, for each job, the time until the first progress
update reaches the web side and the time to the end; asserts nothing.

Run: CITEDUC_ALLOW_DEV_SECRET=1 .venv/bin/python bench/jobs_import.py
A throw-away SQLite database is made under /tmp; BENCH_DATABASE_URL=postgres://…/db measures on
a PostgreSQL database instead (it is migrated and filled; use an empty one).
"""

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="citeduc-bench-jobs-"))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}"
)
os.environ["CITEDUC_MEDIA_ROOT"] = str(WORK / "media")
os.environ["CITEDUC_JOBS_PROGRESS_DIR"] = str(WORK / "progress")
os.environ["CITEDUC_TASKS"] = "database"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from citeduc.demo.loading import load_demo  # noqa: E402
from citeduc.jobs import progress  # noqa: E402
from citeduc.jobs.models import Job  # noqa: E402
from citeduc.jobs.tasks import run_job  # noqa: E402
from citeduc.territory.models import CiteEducative  # noqa: E402
from citeduc.territory.validators import uai_check_letter  # noqa: E402
from tests.support.annuaire import ANNUAIRE_COLUMNS, annuaire_row  # noqa: E402

HEADER = "action;objectif;porteur;siret;qpv;financeur;montant_demande;montant_accorde;ingenierie"


def programmation_file() -> bytes:
    lines = [HEADER]
    for i in range(1000):
        common = f"Action de banc d'essai {i};{i % 23 + 1};Structure {i % 150};;QN02503M|QN02517N"
        lines.append(f"{common};P147;250,00;200,00;{'oui' if i % 10 == 0 else 'non'}")
        lines.append(f"{common};VILLE;1 200,00;1 000,00;non")
    return ("\n".join(lines) + "\n").encode()


def annuaire_file(rows: int = 70_000) -> bytes:
    path = WORK / "annuaire.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ANNUAIRE_COLUMNS, delimiter=";")
        writer.writeheader()
        for n in range(rows):
            digits = f"{n:07d}"
            inside = n % 50 == 0  # one in fifty in Planoise, the rest spread over France
            writer.writerow(
                annuaire_row(
                    Identifiant_de_l_etablissement=digits + uai_check_letter(digits),
                    Nom_etablissement=f"Ecole élémentaire {n}",
                    Code_commune="25056" if inside else f"{1000 + n % 35000:05d}",
                    Nom_commune="Besançon" if inside else f"Commune {n % 35000}",
                    Appartenance_Education_Prioritaire=("REP+", "REP", "")[n % 3],
                    latitude="47.22029" if inside else f"{43 + (n % 700) / 100:.5f}",
                    longitude="5.9723" if inside else f"{-1 + (n % 800) / 100:.5f}",
                )
            )
    return path.read_bytes()


def run(job: Job) -> tuple[float, float]:
    """(seconds to the first progress seen, seconds to the end) of a queued job."""
    start = time.perf_counter()
    run_job.enqueue(job.pk)
    first = None
    while True:
        reading = progress.read(job.pk)
        if first is None and reading is not None and reading.done > 0:
            first = time.perf_counter() - start
        progress.reap(Job.objects.get(pk=job.pk))  # a worker that died is said, not waited for
        if Job.objects.filter(pk=job.pk, status__in=["done", "refused", "failed"]).exists():
            end = time.perf_counter() - start
            job.refresh_from_db()
            if job.status != "done":
                raise SystemExit(f"{job} : {job.report.get('errors', [])[:3]} {job.message}")
            return (first if first is not None else end), end
        time.sleep(0.05)


def measure(label: str, kind: str, content: bytes, cite: CiteEducative | None) -> None:
    preview = Job.objects.create(
        kind=kind, cite=cite, year=2026 if cite else None, file_name=f"{kind}.csv"
    )
    preview.file.save(f"{kind}.csv", ContentFile(content), save=True)
    for name, job in (("aperçu", preview), ("import", None)):
        if job is None:
            job = Job.objects.create(
                kind=kind,
                cite=cite,
                year=preview.year,
                file=preview.file.name,
                file_name=preview.file_name,
                dry_run=False,
                preview=preview,
            )
        first, end = run(job)
        job.refresh_from_db()
        counts = f"{job.report['created']} créées, {job.report['updated']} mises à jour"
        print(f"{label:30} {name:7} 1re progression {first:6.2f} s   fin {end:7.1f} s   {counts}")


def main() -> None:
    call_command("migrate", verbosity=0)
    cite = load_demo(with_accounts=False).cite
    print(f"Base : {connection.vendor} ; worker : db_worker (tâches en base)")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        measure("programmation, 2 000 lignes", "programmation", programmation_file(), cite)
        measure("Annuaire, 70 000 lignes", "annuaire", annuaire_file(), None)
    finally:
        worker.terminate()
        worker.wait()


if __name__ == "__main__":
    main()
