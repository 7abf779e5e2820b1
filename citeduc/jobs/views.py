"""Imports from the browser: upload → preview (a dry run, as a job) → confirm → the import (a
job) with its progress → the report; and the history of a Cité's jobs."""

import hashlib
from functools import partial
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from citeduc.accounts.models import User
from citeduc.common import undo
from citeduc.common.downloads import workbook_download
from citeduc.common.pagination import paginate
from citeduc.common.uploads import serve
from citeduc.jobs import progress
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.forms import ImportForm
from citeduc.jobs.models import Job
from citeduc.jobs.outputs import OUTPUTS
from citeduc.jobs.registry import IMPORTERS, Importer
from citeduc.jobs.tasks import run_job
from citeduc.territory.access import can_manage, cite_manager, is_national, national_only
from citeduc.territory.models import CiteEducative


def _importer(kind: str, national: bool | None = None) -> Importer:
    found = IMPORTERS.get(kind)
    if found is None or (national is not None and found.national != national):
        raise Http404("Import inconnu.")
    return found


def _job_for(request: HttpRequest, pk: int) -> Job:
    """A job is seen by the managers of its Cité (or, without a Cité, by national staff); a
    document being built, by whoever asked for it too."""
    job = get_object_or_404(Job.objects.select_related("cite", "started_by"), pk=pk)
    allowed = can_manage(request.user, job.cite) if job.cite else is_national(request.user)
    if job.kind in OUTPUTS and job.started_by_id == request.user.pk:
        allowed = True
    if not allowed:
        raise Http404("Travail introuvable.")
    return progress.reap(job)


def enqueue(job: Job) -> None:
    """The worker picks the job once its row is committed."""
    transaction.on_commit(partial(run_job.enqueue, job.pk))


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _importers(national: bool) -> list[Importer]:
    return [i for i in IMPORTERS.values() if i.national == national]


def _urls(importer: Importer, cite: CiteEducative | None) -> dict[str, str]:
    if cite is None:
        return {
            "upload": reverse("jobs:national_upload", args=[importer.kind]),
            "template": reverse("jobs:national_template", args=[importer.kind]),
            "home": reverse("jobs:national_home"),
        }
    return {
        "upload": reverse("jobs:upload", args=[cite.slug, importer.kind]),
        "template": reverse("jobs:template", args=[cite.slug, importer.kind]),
        "home": reverse("jobs:import_home", args=[cite.slug]),
    }


def _home(request: HttpRequest, cite: CiteEducative | None) -> HttpResponse:
    importers = _importers(national=cite is None)
    jobs = Job.objects.filter(cite=cite, kind__in=[i.kind for i in importers])
    return render(
        request,
        "jobs/import_home.html",
        {
            "cite": cite,
            "importers": [(i, _urls(i, cite)) for i in importers],
            "jobs": jobs.select_related("started_by")[:5],
        },
    )


@login_required
@cite_manager
def import_home(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    return _home(request, cite)


@login_required
@national_only
def national_home(request: HttpRequest) -> HttpResponse:
    return _home(request, None)


def _upload(request: HttpRequest, importer: Importer, cite: CiteEducative | None) -> HttpResponse:
    form = ImportForm(
        request.POST or None, request.FILES or None, cite=cite, with_year=importer.with_year
    )
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        with transaction.atomic():
            job = Job.objects.create(
                kind=importer.kind,
                cite=cite,
                year=form.cleaned_data.get("year"),
                started_by=cast(User, request.user),
                file_name=file.name,
                sha256=_sha256(file),
                dry_run=True,
            )
            job.file.save(f"{job.pk}-{slugify(file.name)[:80] or 'fichier'}", file, save=True)
            enqueue(job)
        return redirect(job)
    return render(
        request,
        "jobs/upload.html",
        {"cite": cite, "importer": importer, "form": form, "urls": _urls(importer, cite)},
        status=400 if form.is_bound else 200,
    )


@login_required
@cite_manager
def upload(request: HttpRequest, cite: CiteEducative, kind: str) -> HttpResponse:
    return _upload(request, _importer(kind, national=False), cite)


@login_required
@national_only
def national_upload(request: HttpRequest, kind: str) -> HttpResponse:
    return _upload(request, _importer(kind, national=True), None)


@login_required
@cite_manager
def template(request: HttpRequest, cite: CiteEducative, kind: str) -> HttpResponse:
    importer = _importer(kind, national=False)
    return workbook_download(importer.template(cite), f"modele-{kind}-{cite.slug}.xlsx")


@login_required
@national_only
def national_template(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(kind, national=True)
    return workbook_download(importer.template(None), f"modele-{kind}.xlsx")


def _output_page(request: HttpRequest, job: Job) -> HttpResponse:
    output = OUTPUTS[job.kind]
    assert job.cite is not None
    back_name, back_label = output.back
    context = {
        "job": job,
        "cite": job.cite,
        "output": output,
        "download": reverse(output.download, args=[job.cite.slug, job.year]),
        "back": reverse(back_name, args=[job.cite.slug, job.year]),
        "back_label": back_label,
        "reading": progress.read(job.pk),
    }
    fragment = request.GET.get("partie") == "compte-rendu"
    return render(request, "jobs/_output.html" if fragment else "jobs/output.html", context)


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if job.kind in OUTPUTS:
        return _output_page(request, job)
    importer = _importer(job.kind)
    confirmed = Job.objects.filter(preview=job).first()
    context = {
        "job": job,
        "cite": job.cite,
        "importer": importer,
        "urls": _urls(importer, job.cite),
        "reading": progress.read(job.pk),
        "confirmed": confirmed,
        "result": importer.result(job)
        if job.status == JobStatus.DONE and not job.dry_run
        else None,
    }
    template_name = "jobs/_report.html" if request.GET.get("partie") == "compte-rendu" else None
    return render(request, template_name or "jobs/job.html", context)


@login_required
def job_state(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar reads every second."""
    job = _job_for(request, pk)
    reading = progress.read(job.pk)
    running = job.status == JobStatus.RUNNING and reading is not None
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "finished": job.finished,
            "percent": reading.percent if running and reading else job.percent,
            "phase": reading.phase if running and reading else job.phase,
            "done": reading.done if running and reading else job.done,
            "total": reading.total if running and reading else job.total,
        }
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the import a preview showed. Twice (a second tab, a double click) runs it once."""
    preview = _job_for(request, pk)
    if not (preview.dry_run and preview.status == JobStatus.DONE):
        raise Http404("Seul un aperçu sans erreur peut être confirmé.")
    existing = Job.objects.filter(preview=preview).first()
    if existing:
        return redirect(existing)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=preview.kind,
                cite=preview.cite,
                year=preview.year,
                started_by=cast(User, request.user),
                file=preview.file.name,
                file_name=preview.file_name,
                sha256=preview.sha256,
                dry_run=False,
                preview=preview,
            )
            enqueue(job)
    except IntegrityError:
        return redirect(get_object_or_404(Job, preview=preview))
    return redirect(job)


@login_required
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_for(request, pk)
    return serve(job.file, job.file_name, "application/octet-stream")


@login_required
@cite_manager
def history(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    jobs = Job.objects.filter(cite=cite).select_related("started_by", "preview")
    page, query = paginate(request, jobs, 30)
    return render(request, "jobs/history.html", {"cite": cite, "page": page, "query": query})


def _undo_blocker(job: Job) -> str | None:
    """Why this import cannot be undone (None: it can)."""
    if job.dry_run or job.status != JobStatus.DONE or not IMPORTERS[job.kind].undoable:
        return "Seul un import terminé, dont les écritures sont gardées, peut être annulé."
    later = Job.objects.filter(
        cite=job.cite, kind=job.kind, dry_run=False, status=JobStatus.DONE, pk__gt=job.pk
    ).first()
    if later:
        return f"L'import n° {later.pk}, plus récent, est à annuler d'abord."
    return None


@login_required
@require_POST
def undo_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo an import while nothing was written on top of it; one transaction, all or nothing."""
    job = _job_for(request, pk)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        problem = _undo_blocker(job)
        if problem is None:
            try:
                count = undo.undo(job.changes)
            except undo.CannotUndo as refused:
                problem = f"Annulation impossible : {refused}. Rien n'a été changé."
        if problem:
            messages.error(request, problem)
            return redirect(job)
        job.status, job.undone_at = JobStatus.UNDONE, timezone.now()
        job.undone_by = cast(User, request.user)
        job.save(update_fields=["status", "undone_at", "undone_by"])
    messages.success(request, f"Import n° {job.pk} annulé : {count} écriture(s) défaite(s).")
    return redirect(job)
