"""The national dataset through `manage.py backup` and `manage.py restore` into a new database:
every table comes back with the same row count and the same SHA-256 of its rows.

    python bench/backup_roundtrip.py

Same database as `make bench`; the copy goes to a database `citeduc_restauration` on the same
server, dropped at the end. Prints its figures; exit status 1 on any difference.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national import PYTHON, ROOT, connect  # noqa: E402

COPY = "citeduc_restauration"


def manage(url: str, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def fingerprints(output: str) -> dict[str, tuple[int, str]]:
    rows = [line.split(";") for line in output.splitlines() if line.count(";") == 2]
    return {table: (int(count), digest) for table, count, digest in rows}


def main() -> int:
    url = connect()
    from django.db import connection

    copy_url = urlunsplit(urlsplit(url)._replace(path=f"/{COPY}"))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{COPY}"')
        cursor.execute(f'CREATE DATABASE "{COPY}"')
    try:
        with tempfile.TemporaryDirectory() as directory:
            archive = Path(directory) / "citeduc.backup"
            start = time.monotonic()
            original = fingerprints(manage(url, "backup", str(archive), "--empreinte"))
            saved = time.monotonic() - start
            start = time.monotonic()
            restored = fingerprints(manage(copy_url, "restore", str(archive), "--empreinte"))
            back = time.monotonic() - start
            size = archive.stat().st_size
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{COPY}"')
    different = sorted(
        t for t in original.keys() | restored.keys() if original.get(t) != restored.get(t)
    )
    rows = sum(count for count, _digest in original.values())
    print(
        f"Sauvegarde : {len(original)} tables, {rows} lignes, archive de {size / 2**20:.0f} Mio ; "
        f"backup + empreinte {saved:.0f} s, restore + empreinte {back:.0f} s"
    )
    print(f"Tables différentes après restauration : {len(different)} {different[:5]}")
    return 1 if different or not original else 0


if __name__ == "__main__":
    sys.exit(main())
