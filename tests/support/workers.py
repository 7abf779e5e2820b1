"""A real task worker (`manage.py db_worker`) started against the test database, for the tests
that watch a job run in another process. PostgreSQL only: the worker must see what the test
committed (SQLite's test database lives in the test's memory)."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def start_worker(settings: Any) -> subprocess.Popen[bytes]:
    if connection.vendor != "postgresql":
        pytest.skip("le worker partage la base de test : PostgreSQL seulement")
    settings.TASKS = DATABASE_BACKEND
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "CITEDUC_ALLOW_DEV_SECRET": "1",
        "CITEDUC_TASKS": "database",
        "CITEDUC_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "CITEDUC_JOBS_PROGRESS_DIR": django_settings.CACHES["jobs"]["LOCATION"],
        "CITEDUC_JOB_BEAT_SECONDS": "0.5",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(command + ["--interval", "0.2"], cwd=ROOT, env=env)


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)
