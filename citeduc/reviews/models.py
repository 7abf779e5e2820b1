"""The annual project review (convention art. 14): a snapshot of the year's figures frozen on
demand, the narrative the partners write in the six parts of the national questionnaire, the
pilots' validations, and the documents of Article 9's checklist (R-FUND-10)."""

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from citeduc.accounts.enums import Role
from citeduc.common.models import StoredUpload
from citeduc.common.uploads import extension_for
from citeduc.governance.models import Meeting
from citeduc.reviews.enums import ChecklistItem, ReviewPart, ReviewStatus
from citeduc.territory.models import CiteEducative

PILOT_CHOICES = [
    (Role.PILOTE_VILLE.value, Role.PILOTE_VILLE.label),
    (Role.PILOTE_ETAT.value, Role.PILOTE_ETAT.label),
    (Role.PILOTE_EDUCATION.value, Role.PILOTE_EDUCATION.label),
]


class ReviewLocked(Exception):
    """A validated or transmitted review cannot change any more."""

    def __init__(self, review: "AnnualReview") -> None:
        super().__init__(
            f"La revue de projet {review.year} est {review.get_status_display().lower()} : "
            "elle ne peut plus être modifiée."
        )


class AnnualReview(models.Model):
    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField("année revue")
    status = models.CharField(
        "état", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="réunion de revue",
        help_text="La réunion de l'instance « Revue annuelle de projet » où elle s'est tenue.",
    )
    other_participants = models.TextField(
        "autres participants",
        blank=True,
        help_text="Une personne ou un service par ligne (nom, fonction, institution).",
    )
    cooperation = models.TextField(
        "modalités de coopération",
        blank=True,
        help_text="Le point d'étape sur la coopération entre partenaires (art. 14).",
    )
    pathways = models.TextField(
        "logique de parcours éducatif",
        blank=True,
        help_text="Sa mise en œuvre de la petite enfance à l'insertion (art. 14).",
    )
    transmitted_on = models.DateField("transmise le", null=True, blank=True)
    transmitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="transmise par",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "-year"]
        verbose_name = "revue annuelle de projet"
        verbose_name_plural = "revues annuelles de projet"
        constraints = [models.UniqueConstraint(fields=["cite", "year"], name="review_unique")]

    def __str__(self) -> str:
        return f"Revue de projet {self.year} — {self.cite}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Once validated, only the step to « transmitted » may still be written."""
        if self.pk:
            stored = AnnualReview.objects.filter(pk=self.pk).values().first()
            if stored and stored["status"] != ReviewStatus.DRAFT:
                allowed = {"status", "transmitted_on", "transmitted_by_id"}
                changed = {
                    name
                    for name, value in stored.items()
                    if name != "created_at" and getattr(self, name) != value
                }
                moving_on = (
                    stored["status"] == ReviewStatus.VALIDATED
                    and self.status == ReviewStatus.TRANSMITTED
                )
                if changed and not (moving_on and changed <= allowed):
                    raise ReviewLocked(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reviews:review", args=[self.cite.slug, self.year])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_locked:
            raise ReviewLocked(self)
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status != ReviewStatus.DRAFT


class _LockedWithReview(models.Model):
    """A row that belongs to a review and freezes with it."""

    review: "models.ForeignKey[AnnualReview, AnnualReview]"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._check_open()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._check_open()
        return super().delete(*args, **kwargs)

    def _check_open(self) -> None:
        review = AnnualReview.objects.get(pk=self.review_id)  # type: ignore[attr-defined]
        if review.is_locked:
            raise ReviewLocked(review)


class ReviewAnswer(_LockedWithReview):
    """One part of the national questionnaire, as the partners answer it."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="answers")
    part = models.CharField("partie", max_length=20, choices=ReviewPart.choices)
    successes = models.TextField("réussites et points forts", blank=True)
    difficulties = models.TextField("difficultés rencontrées", blank=True)
    adjustments = models.TextField("ajustements à réaliser", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "réponse au questionnaire national"
        constraints = [
            models.UniqueConstraint(fields=["review", "part"], name="review_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} — {self.review}"

    @property
    def is_empty(self) -> bool:
        return not (self.successes or self.difficulties or self.adjustments)


class Snapshot(_LockedWithReview):
    """The year's figures as they stood when someone froze them. Never edited: a new freeze
    adds a new snapshot, and the report always reads the latest."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="snapshots")
    number = models.PositiveSmallIntegerField("n°")
    taken_at = models.DateTimeField("figée le", auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="figée par",
    )
    data = models.JSONField("chiffres")

    class Meta:
        ordering = ["review", "number"]
        verbose_name = "chiffres figés"
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="snapshot_unique")]

    def __str__(self) -> str:
        return f"Chiffres figés n° {self.number} — {self.review}"


class Validation(_LockedWithReview):
    """One pilot's validation of the review; the third one validates it."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="validations")
    role = models.CharField("pilote", max_length=20, choices=PILOT_CHOICES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.PROTECT, related_name="+", verbose_name="chiffres validés"
    )
    at = models.DateTimeField("le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at"]
        verbose_name = "validation d'un pilote"
        constraints = [models.UniqueConstraint(fields=["review", "role"], name="validation_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.review}"


def piece_path(instance: "ChecklistPiece", filename: str) -> str:
    suffix = extension_for(instance.content_type, PurePath(filename).suffix.lower())
    return f"delegation/{instance.cite_id}/{instance.year}/{uuid.uuid4().hex}{suffix}"


class ChecklistPiece(StoredUpload):
    """A document transmitted to the ANCT for a year's credit delegation (art. 9), with its date."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("année des crédits")
    item = models.CharField("pièce", max_length=12, choices=ChecklistItem.choices)
    sent_on = models.DateField("transmise à l'ANCT le")
    file = models.FileField("fichier", upload_to=piece_path, max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "year", "item", "-sent_on"]
        verbose_name = "pièce transmise pour la délégation des crédits"

    def __str__(self) -> str:
        return f"{self.get_item_display()} — {self.year}"
