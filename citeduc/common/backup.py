"""Backing up and restoring the whole database, and proving a round trip kept every row.

PostgreSQL goes through its own tools (``pg_dump`` in custom format, ``pg_restore --clean``);
SQLite through its online backup API, safe while the application runs. Uploaded files live in
MEDIA_ROOT (or object storage) and are backed up with it, not here (docs/deployment.md).
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection


class BackupError(Exception):
    pass


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, the password in the environment."""
    settings: dict[str, Any] = connection.settings_dict
    args = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} introuvable : installez le client PostgreSQL (postgresql-client)."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} a échoué : {result.stderr.strip()}")


def backup(target: Path) -> None:
    """Write the whole database to ``target`` (a pg_dump archive, or an SQLite file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        args, env = _pg_environment()
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        raise BackupError(f"Base {connection.vendor} non prise en charge.")


def restore(source: Path) -> None:
    """Replace the database's content with a backup made by ``backup``."""
    if not source.is_file():
        raise BackupError(f"{source} : fichier introuvable.")
    if connection.vendor == "postgresql":
        args, env = _pg_environment()
        _run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             *args, str(source)],
            env,
        )  # fmt: skip
    elif connection.vendor == "sqlite":
        archive = sqlite3.connect(source)
        try:
            if archive.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"{source} : fichier SQLite endommagé.")
            connection.ensure_connection()
            archive.backup(connection.connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError(
                f"{source} : ce n'est pas une sauvegarde SQLite lisible ({exc})."
            ) from exc
        finally:
            archive.close()
    else:
        raise BackupError(f"Base {connection.vendor} non prise en charge.")


def fingerprint() -> dict[str, tuple[int, str]]:
    """Every table of the project's models: (row count, SHA-256 of its rows in key order)."""
    result = {}
    with connection.cursor() as cursor:
        tables = sorted(
            {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
            & set(connection.introspection.table_names(cursor))
        )
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608
            digest = hashlib.sha256()
            count = 0
            while rows := cursor.fetchmany(10_000):
                count += len(rows)
                for row in rows:
                    digest.update(repr(row).encode())
            result[table] = (count, digest.hexdigest())
    return result
