"""A long piece of work run by the task worker: an import (its preview, then its run) and what
it reported. The file is kept with its SHA-256, so that the history says exactly what was read."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from citeduc.jobs.enums import FINISHED, JobStatus
from citeduc.territory.models import CiteEducative


class Job(models.Model):
    kind = models.CharField("nature", max_length=40)
    cite = models.ForeignKey(
        CiteEducative, on_delete=models.CASCADE, related_name="jobs", null=True, blank=True
    )
    year = models.PositiveSmallIntegerField("année", null=True, blank=True)
    # What a built document depends on (its format, the reader's rights, the fingerprint of
    # its content): it is served again as long as the data give the same fingerprint.
    params = models.JSONField("paramètres", default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="jobs"
    )
    file = models.FileField("fichier", upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField("nom du fichier", max_length=255, blank=True)
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    dry_run = models.BooleanField("aperçu sans écriture", default=True)
    # The run that a person confirmed after reading this preview.
    preview = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="confirmed_run"
    )
    status = models.CharField(
        "état", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField("étape", max_length=40, blank=True)
    done = models.PositiveIntegerField("lignes traitées", default=0)
    total = models.PositiveIntegerField("lignes en tout", default=0)
    report = models.JSONField("compte rendu", default=dict, blank=True)
    message = models.TextField("message", blank=True)
    # What the import wrote (common/undo.py), to undo it while nothing was written on top.
    changes = models.JSONField("écritures", default=list, blank=True)
    undone_at = models.DateTimeField("annulé le", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undone_jobs",
    )
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "travail"
        verbose_name_plural = "travaux"
        indexes = [models.Index(fields=["cite", "-created_at"], name="job_cite_recent")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job", args=[self.pk])

    @property
    def author(self) -> str:
        user = self.started_by
        return (user.get_full_name() or user.email) if user else "—"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
