"""Running a job in the worker: claim it, copy its file out of the storage, run its importer with
a heartbeat, keep the report. The import is one transaction: a worker killed mid-way writes
nothing, and the job is marked failed once its beat has stopped (progress.reap)."""

import hashlib
import logging
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from citeduc.common import undo
from citeduc.common.importing import ImportRefused, ImportReport
from citeduc.jobs import progress
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from citeduc.jobs.outputs import OUTPUTS
from citeduc.jobs.registry import IMPORTERS

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024


def _claim(job_id: int) -> Job | None:
    """The job, now RUNNING, unless another worker (or a retry) has taken it already."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    return Job.objects.select_related("cite", "started_by").get(pk=job_id) if claimed else None


def _local_copy(job: Job, folder: Path) -> Path:
    """The stored file (local disk or object storage) as a file the readers can open, under its
    original name so that errors say « programmation.xlsx, ligne 12 »."""
    path = folder / get_valid_filename(Path(job.file_name).name or "fichier")
    with job.file.open("rb") as source, path.open("wb") as target:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            target.write(chunk)
    return path


def _build_output(job: Job) -> None:
    """A long document: built with a heartbeat, kept in the storage under its fingerprint."""
    output = OUTPUTS[job.kind]
    status, message = JobStatus.DONE, ""
    with progress.Heartbeat(job.pk) as beat:
        beat("Écriture", 0, 1)
        try:
            content, fingerprint = output.build(job)
            name = f"{job.cite.slug if job.cite else 'national'}-{job.year}.{output.suffix}"
            job.file.save(f"documents/{job.pk}-{name}", ContentFile(content), save=False)
            job.params = {**job.params, "fingerprint": fingerprint}
            job.file_name, job.sha256 = name, hashlib.sha256(content).hexdigest()
            beat("Écriture", 1, 1)
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            status, message = JobStatus.FAILED, "Erreur interne pendant la fabrication du document."
        job.phase, job.done, job.total = beat.state
    job.status, job.message, job.finished_at = status, message, timezone.now()
    job.save()
    progress.forget(job.pk)


def execute(job_id: int) -> None:
    job = _claim(job_id)
    if job is None:
        return
    try:
        if job.kind in OUTPUTS:
            _build_output(job)
        else:
            _run_import(job)
    except Exception:
        # Outside the import's own transaction (the file lost by the storage, the database
        # gone): the job says it failed instead of waiting for its beat to go stale.
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message="Erreur interne pendant le traitement : rien n'a été écrit.",
        )
        raise


def _run_import(job: Job) -> None:
    status, message = JobStatus.DONE, ""
    with (
        tempfile.TemporaryDirectory(prefix="citeduc-job-") as folder,
        progress.Heartbeat(job.pk) as beat,
    ):
        path = _local_copy(job, Path(folder))
        report = ImportReport(path, progress=beat)
        try:
            with undo.recording() as journal:
                IMPORTERS[job.kind].run(path, job, report)
            if not job.dry_run and IMPORTERS[job.kind].undoable:
                job.changes = journal
        except ImportRefused as refused:
            status, report = JobStatus.REFUSED, refused.report
        except CommandError as error:
            status = JobStatus.REFUSED
            report.errors.append(str(error))
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            status = JobStatus.FAILED
            message = "Erreur interne pendant le traitement : rien n'a été écrit."
        job.phase, job.done, job.total = beat.state
    job.status, job.message, job.report = status, message, report.as_data()
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
    progress.forget(job.pk)
