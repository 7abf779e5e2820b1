"""The task the worker runs (Django's tasks framework; the backend is a setting)."""

from django.tasks import task

from citeduc.jobs.runner import execute


@task()
def run_job(job_id: int) -> None:
    execute(job_id)
