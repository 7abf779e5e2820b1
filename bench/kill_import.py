"""Fault: an Annuaire import (70 000 rows) killed with SIGKILL in the middle of its writes leaves
no partial data — the import is one transaction, which PostgreSQL rolls back when its client dies.

    python bench/kill_import.py

Same database as `make bench`. Prints its figures; exit status 1 if any row of the killed import
remains.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national import PYTHON, ROOT, connect  # noqa: E402

ROWS = 70_000


def main() -> int:
    url = connect()
    from django.db import connection

    from bench.fixtures import annuaire_csv
    from citeduc.territory.models import Commune, Establishment

    def ours() -> tuple[int, int]:
        return (
            Establishment.objects.filter(name__startswith="Établissement généré").count(),
            Commune.objects.filter(name__startswith="Commune générée").count(),
        )

    before = ours()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "annuaire.csv"
        annuaire_csv(path, ROWS)
        start = time.monotonic()
        child = subprocess.Popen(
            [PYTHON, "manage.py", "import_annuaire_education", str(path)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
        )
        writing = False
        while child.poll() is None and not writing:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    "AND query LIKE 'INSERT INTO \"territory_establishment\"%%'"
                )
                writing = cursor.fetchone()[0] > 0
            time.sleep(0.02)
        if not writing:
            print("L'import s'est terminé avant d'avoir été surpris en train d'écrire.")
            return 2
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        killed_at = time.monotonic() - start
    time.sleep(1)  # the server notices the lost client and rolls back
    after = ours()
    print(
        f"Import de {ROWS} lignes tué (SIGKILL) pendant ses écritures, {killed_at:.1f} s après "
        f"son lancement ; établissements générés avant/après : {before[0]}/{after[0]}, "
        f"communes générées avant/après : {before[1]}/{after[1]}"
    )
    return 0 if after == before else 1


if __name__ == "__main__":
    sys.exit(main())
