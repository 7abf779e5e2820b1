"""The Cité's bodies, their meetings and decisions, the amendments to the convention, and the
documents that support them (convention art. 4, 14, 17 and 18)."""

import uuid
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from citeduc.action_plan.models import Action
from citeduc.common.models import StoredUpload
from citeduc.common.uploads import extension_for
from citeduc.funding.models import Decision, GrantRequest, money
from citeduc.governance.enums import (
    AmendmentStatus,
    BodyKind,
    DecisionKind,
    DocumentKind,
    Frequency,
    MeetingStatus,
    Presence,
)
from citeduc.territory.models import CiteEducative, Qpv


class Body(models.Model):
    """An instance of the Cité: a COPIL, the comité technique, a collectif éducatif…"""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField("nature", max_length=20, choices=BodyKind.choices)
    name = models.CharField("nom", max_length=200)
    qpv = models.ForeignKey(
        Qpv,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name="quartier (collectif éducatif)",
    )
    frequency = models.CharField(
        "fréquence requise", max_length=15, choices=Frequency.choices, default=Frequency.AS_NEEDED
    )
    description = models.TextField("rôle", blank=True)
    is_active = models.BooleanField("active", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "kind", "name"]
        verbose_name = "instance"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=BodyKind.COLLECTIF_EDUCATIF) | Q(qpv__isnull=False),
                name="collectif_has_its_qpv",
            ),
            models.UniqueConstraint(fields=["cite", "name"], name="body_name_unique_in_cite"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body_detail", args=[self.cite.slug, self.pk])

    def clean(self) -> None:
        if self.kind == BodyKind.COLLECTIF_EDUCATIF and self.qpv_id is None:
            raise ValidationError(
                {"qpv": "Un collectif éducatif est rattaché à un quartier : choisissez-le."}
            )
        if (
            self.qpv_id is not None
            and self.cite_id is not None
            and not self.cite.qpvs.filter(pk=self.qpv_id).exists()
        ):
            raise ValidationError({"qpv": "Ce quartier n'est pas dans le périmètre de la Cité."})


class BodyMember(models.Model):
    """A person sitting in a body, named by office when the convention names no one."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    office = models.CharField("fonction", max_length=200)
    name = models.CharField("nom", max_length=200, blank=True)
    institution = models.CharField("institution", max_length=200)
    email = models.EmailField("adresse e-mail", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name="compte citeduc",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "pk"]
        verbose_name = "membre d'instance"
        verbose_name_plural = "membres d'instance"

    def __str__(self) -> str:
        return f"{self.name} ({self.office})" if self.name else self.office

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user_id else "")  # type: ignore[union-attr]


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField("objet", max_length=200, blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=300, blank=True)
    video_link = models.URLField("lien de visioconférence", blank=True)
    agenda = models.TextField("ordre du jour", blank=True, help_text="Un point par ligne.")
    status = models.CharField(
        "état", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField("compte rendu", blank=True)
    minutes_published = models.BooleanField(
        "compte rendu publié à tous les membres de la Cité", default=False
    )
    convoked_at = models.DateTimeField("convocation envoyée le", null=True, blank=True)
    sequence = models.PositiveIntegerField(
        "version dans les agendas",
        default=0,
        help_text="Relevée à chaque changement de la réunion (SEQUENCE d'iCalendar), pour que "
        "les agendas des membres remplacent l'ancienne version.",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = "réunion"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.body.name} — {timezone.localtime(self.starts_at):%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.body.cite.slug, self.pk])

    @property
    def label(self) -> str:
        return self.title or self.body.name

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="attendances")
    presence = models.CharField(
        "présence", max_length=12, choices=Presence.choices, default=Presence.INVITED
    )
    represented_by = models.CharField("représenté·e par", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "member"]
        verbose_name = "présence"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} : {self.get_presence_display()}"

    def clean(self) -> None:
        if self.member.body_id != self.meeting.body_id:
            raise ValidationError("Cette personne n'est pas membre de l'instance réunie.")


class DecisionRecord(models.Model):
    """What a meeting decided, and the actions, requests and money it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField("n°", validators=[MinValueValidator(1)])
    kind = models.CharField(
        "nature", max_length=15, choices=DecisionKind.choices, default=DecisionKind.OTHER
    )
    text = models.TextField("décision")
    actions = models.ManyToManyField(
        Action, blank=True, related_name="decision_records", verbose_name="actions concernées"
    )
    requests = models.ManyToManyField(
        GrantRequest,
        blank=True,
        related_name="decision_records",
        verbose_name="demandes de subvention concernées",
    )
    funding_decisions = models.ManyToManyField(
        Decision,
        blank=True,
        related_name="decision_records",
        verbose_name="décisions de financement concernées",
    )
    amount = money("montant concerné", null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField("voix pour", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("voix contre", null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField("abstentions", null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[actions, requests, funding_decisions])

    class Meta:
        ordering = ["meeting__starts_at", "meeting", "number"]
        verbose_name = "décision d'instance"
        verbose_name_plural = "décisions d'instance"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_once")
        ]

    def __str__(self) -> str:
        return f"Décision n° {self.number} — {self.meeting}"

    @property
    def reference(self) -> str:
        """How the register cites it: body, date, number."""
        day = timezone.localtime(self.meeting.starts_at)
        return f"{self.meeting.body.name}, {day:%d/%m/%Y}, n° {self.number}"


class Amendment(models.Model):
    """An avenant to the convention (art. 18), with the Préfet's prior agreement."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField("n°")
    title = models.CharField("objet", max_length=200)
    description = models.TextField("modification proposée")
    reason = models.TextField("motif")
    status = models.CharField(
        "état", max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT
    )
    extends_label_to = models.DateField(
        "prolonge le label jusqu'au",
        null=True,
        blank=True,
        help_text="À remplir si l'avenant prolonge la convention (art. 5).",
    )
    previous_label_end = models.DateField("fin du label avant l'avenant", null=True, blank=True)
    created_on = models.DateField("créé le", default=timezone.localdate)
    submitted_on = models.DateField("soumis au préfet le", null=True, blank=True)
    answered_on = models.DateField("réponse du préfet le", null=True, blank=True)
    transmitted_on = models.DateField(
        "transmis à la coordination nationale le", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="rédigé par",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "number"]
        verbose_name = "avenant"
        constraints = [
            models.UniqueConstraint(fields=["cite", "number"], name="amendment_number_once")
        ]

    def __str__(self) -> str:
        return f"Avenant n° {self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:amendment_detail", args=[self.cite.slug, self.pk])


def document_path(instance: "Document", filename: str) -> str:
    """Stored under an unguessable name: the original name is kept in the row, not on disk."""
    suffix = extension_for(instance.content_type, PurePath(filename).suffix.lower())
    return f"instances/{instance.cite_id}/{instance.year}/{uuid.uuid4().hex}{suffix}"


class Document(StoredUpload):
    """A supporting document of a meeting, a decision, a grant request or an amendment."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="documents")
    year = models.PositiveSmallIntegerField("année")
    kind = models.CharField("nature", max_length=15, choices=DocumentKind.choices)
    title = models.CharField("intitulé", max_length=200, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    decision = models.ForeignKey(
        DecisionRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    request = models.ForeignKey(
        GrantRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="control_documents",
    )
    amendment = models.ForeignKey(
        Amendment, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    file = models.FileField("fichier", upload_to=document_path, max_length=300)
    history = HistoricalRecords()

    PARENTS = ("meeting", "decision", "request", "amendment")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "document"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=False, decision=None, request=None, amendment=None)
                    | Q(meeting=None, decision__isnull=False, request=None, amendment=None)
                    | Q(meeting=None, decision=None, request__isnull=False, amendment=None)
                    | Q(meeting=None, decision=None, request=None, amendment__isnull=False)
                ),
                name="document_has_one_parent",
            )
        ]
        indexes = [models.Index(fields=["cite", "year"])]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("governance:document", args=[self.cite.slug, self.pk])

    @property
    def parent(self) -> Meeting | DecisionRecord | GrantRequest | Amendment:
        for name in self.PARENTS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        raise ValueError("Document sans rattachement.")
