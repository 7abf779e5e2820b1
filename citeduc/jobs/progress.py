"""Where a running job says how far it is, seen by the web servers while the job's transaction is
still open (its rows are invisible to them until it commits, and SQLite would not even let a
second connection write them).

The store is a Django cache: Redis when `CITEDUC_REDIS_URL` is set (every server sees it), else
files under `var/` (one machine, which is what SQLite and `make run` are). A running job beats
every few seconds; a job whose beat has stopped is dead (its worker was killed or restarted): it
is marked failed, and its transaction, never committed, has written nothing."""

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job

PHASES = ["Vérification", "Écriture"]


def _cache() -> Any:
    return caches["jobs"]


def _key(job_id: int) -> str:
    return f"citeduc:job:{job_id}"


@dataclass(frozen=True)
class Reading:
    phase: str
    done: int
    total: int
    beat: float

    @property
    def percent(self) -> int:
        """Both phases weigh the same: checked lines, then written lines."""
        index = PHASES.index(self.phase) if self.phase in PHASES else 0
        share = self.done / self.total if self.total else 0
        return min(99, int(100 * (index + share) / len(PHASES)))


def read(job_id: int) -> Reading | None:
    data = _cache().get(_key(job_id))
    return Reading(**data) if data else None


def write(job_id: int, phase: str, done: int, total: int) -> None:
    _cache().set(
        _key(job_id),
        {"phase": phase, "done": done, "total": total, "beat": time.time()},
        timeout=24 * 3600,
    )


def forget(job_id: int) -> None:
    _cache().delete(_key(job_id))


class Heartbeat:
    """While the job runs, a thread refreshes its beat, even during a long step without lines."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stop = threading.Event()
        self.state = ("Vérification", 0, 0)
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def __enter__(self) -> "Heartbeat":
        write(self.job_id, *self.state)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.state = (phase, done, total)
        write(self.job_id, phase, done, total)

    def _beat(self) -> None:
        while not self.stop.wait(settings.CITEDUC_JOB_BEAT_SECONDS):
            write(self.job_id, *self.state)


def is_dead(job: Job, reading: Reading | None) -> bool:
    """A running job whose beat stopped (or never came) longer ago than the allowed silence."""
    if job.status != JobStatus.RUNNING:
        return False
    silence = settings.CITEDUC_JOB_STALE_SECONDS
    last = reading.beat if reading else (job.started_at or job.created_at).timestamp()
    return time.time() - last > silence


def reap(job: Job) -> Job:
    """Mark a dead job failed; its import wrote nothing (its transaction never committed)."""
    if is_dead(job, read(job.pk)):
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=(
                "Le traitement s'est interrompu (processus arrêté ou redémarré) : "
                "rien n'a été écrit. Relancez l'import."
            ),
        )
        job.refresh_from_db()
    return job
