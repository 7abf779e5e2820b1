"""A real task worker (`db_worker` for the database backend, `rqworker` for Redis/RQ) runs the
imports: a small one to the end, and a long one killed with SIGKILL in the middle of its
writing, which leaves no row written and shows as failed once its heartbeat has stopped.

The worker is another process: it needs the test database committed and shared, so these tests
run on PostgreSQL (on a laptop without it, they are skipped)."""

import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile

from citeduc.action_plan.models import Action
from citeduc.jobs import progress
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from citeduc.jobs.tasks import run_job
from tests.support.workers import BACKENDS, kill_worker, start_worker, stop_worker
from tests.support.world import World

pytestmark = [pytest.mark.pg_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=BACKENDS)
def worker(request: pytest.FixtureRequest, settings: Any) -> Iterator[subprocess.Popen[bytes]]:
    """The same tests with the database backend and with Redis/RQ."""
    process = start_worker(settings, request.param)
    yield process
    stop_worker(process)


def programmation(world: World, rows: int) -> bytes:
    side = world.own
    objective = side.action.objectives.get().number
    lines = [
        "action;objectif;porteur;siret;qpv;financeur;montant_demande;montant_accorde;ingenierie"
    ]
    lines += [
        f"Action importée {n};{objective};Association {n % 40};;{side.qpv.code};VILLE;1000;800;non"
        for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def queued(world: World, content: bytes, *, dry_run: bool = False) -> Job:
    job = Job.objects.create(
        kind="programmation",
        cite=world.cite,
        year=world.cite.label_start.year,
        file_name="programmation.csv",
        dry_run=dry_run,
    )
    job.file.save("programmation.csv", ContentFile(content), save=True)
    run_job.enqueue(job.pk)
    return job


def wait_for(condition: Any, timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError("délai dépassé")


def imported() -> int:
    return Action.objects.filter(title__startswith="Action importée").count()


@pytest.mark.parametrize("worker", ["rq"], indirect=True)  # the database worker: the journey
def test_the_worker_runs_an_import_to_the_end(world: World, worker: Any) -> None:
    job = queued(world, programmation(world, 5))
    wait_for(lambda: Job.objects.get(pk=job.pk).finished)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.report["errors"]
    assert job.report["created"] == 5 and imported() == 5


def test_a_worker_killed_mid_import_writes_nothing_and_the_job_fails(
    world: World, worker: subprocess.Popen[bytes], settings: Any
) -> None:
    job = queued(world, programmation(world, 3000))
    reading = wait_for(
        lambda: (r := progress.read(job.pk)) and r.phase == "Écriture" and r.done >= 50 and r
    )
    kill_worker(worker)
    assert reading.done < reading.total  # killed in the middle of the writing
    assert imported() == 0  # its transaction never committed
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    settings.CITEDUC_JOB_STALE_SECONDS = 1.5
    time.sleep(2)
    job = progress.reap(Job.objects.get(pk=job.pk))
    assert job.status == JobStatus.FAILED and "rien n'a été écrit" in job.message
    assert imported() == 0
