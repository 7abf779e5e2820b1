"""A real task worker started against the test database, for the tests that watch a job run in
another process: `manage.py db_worker` (database backend) or `manage.py rqworker` (Redis/RQ).
PostgreSQL only: the worker must see what the test committed (SQLite's test database lives in the
test's memory). The RQ worker needs a Redis server (CITEDUC_TEST_REDIS_URL, started by .ci/run);
each test process uses its own Redis database, so that two processes never take each other's
jobs."""

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ["database", "rq"]


def redis_url() -> str:
    base = os.environ.get("CITEDUC_TEST_REDIS_URL", "")
    if not base:
        if os.environ.get("CITEDUC_REQUIRE_ALL") == "1":
            pytest.fail("CITEDUC_REQUIRE_ALL=1 mais CITEDUC_TEST_REDIS_URL n'est pas défini")
        pytest.skip("pas de serveur Redis (CITEDUC_TEST_REDIS_URL)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"{base.rstrip('/')}/{1 + int(worker.removeprefix('gw') or 0)}"


def _configure(settings: Any, backend: str) -> dict[str, str]:
    """The test process's settings and the worker's environment, for one backend."""
    if backend == "database":
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        return {
            "CITEDUC_TASKS": "database",
            "CITEDUC_JOBS_PROGRESS_DIR": django_settings.CACHES["jobs"]["LOCATION"],
        }
    url = redis_url()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.CACHES = {
        **django_settings.CACHES,
        "jobs": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
    }
    return {"CITEDUC_TASKS": "rq", "CITEDUC_REDIS_URL": url}


def start_worker(settings: Any, backend: str = "database") -> subprocess.Popen[bytes]:
    if connection.vendor != "postgresql":
        pytest.skip("le worker partage la base de test : PostgreSQL seulement")
    extra = _configure(settings, backend)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CITEDUC_ALLOW_DEV_SECRET": "1",
        "CITEDUC_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "CITEDUC_JOB_BEAT_SECONDS": "0.5",
        **extra,
    }
    command = [sys.executable, "manage.py"]
    if backend == "database":
        command += ["db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"]
    else:
        command += ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def descendants(pid: int) -> list[int]:
    """The processes a worker started (RQ's work horse opens its own session, so its group is
    not the worker's), read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, pending = [], [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def kill_worker(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the worker and to every process it started (the one running the job among
    them): nothing gets to clean up."""
    for pid in [*descendants(process.pid), process.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=30)


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill_worker(process)
