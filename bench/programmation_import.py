"""Benchmark: importing a 2 000-line programmation (1 000 actions × 2 funders).

Run: CITEDUC_ALLOW_DEV_SECRET=1 .venv/bin/python bench/programmation_import.py
(DATABASE_URL=postgres://… to measure on PostgreSQL). The demo is loaded and everything is rolled
back at the end. Prints timings; asserts nothing.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from citeduc.demo.loading import load_demo  # noqa: E402
from citeduc.funding.programmation_import import import_programmation  # noqa: E402

HEADER = "action;objectif;porteur;siret;qpv;financeur;montant_demande;montant_accorde;ingenierie\n"


def main() -> None:
    print(f"Base : {connection.vendor}")
    with transaction.atomic():
        cite = load_demo(with_accounts=False).cite
        lines = []
        for i in range(1000):
            common = (
                f"Action de banc d'essai {i};{i % 23 + 1};Structure {i % 150};;QN02503M|QN02517N"
            )
            lines.append(f"{common};P147;250,00;200,00;{'oui' if i % 10 == 0 else 'non'}")
            lines.append(f"{common};VILLE;1 200,00;1 000,00;non")
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "programmation.csv"
            path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
            for label, dry_run in (
                ("--dry-run", True),
                ("import", False),
                ("second import", False),
            ):
                start = time.perf_counter()
                report = import_programmation(path, cite, 2026, dry_run=dry_run)
                elapsed = time.perf_counter() - start
                summary = report.summary(dry_run=dry_run)
                print(f"{label:15} 2 000 lignes : {elapsed:6.1f} s — {summary}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
