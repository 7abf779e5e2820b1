from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from citeduc.action_plan.enums import ActionStatus, TimeOfDay
from citeduc.common.enums import AgeBand
from citeduc.directory.models import Organisation, Scheme
from citeduc.territory.models import CiteEducative, Establishment, Qpv, named_qpvs


class Axis(models.Model):
    """One of the three grands objectifs of the Cités éducatives."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=200)
    text = models.TextField("texte", blank=True)

    class Meta:
        ordering = ["cite", "number"]
        verbose_name = "axe (grand objectif)"
        verbose_name_plural = "axes (grands objectifs)"
        constraints = [
            models.UniqueConstraint(fields=["cite", "number"], name="axis_number_in_cite")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Objective(models.Model):
    """An objectif général of Annex 1, with its concordance to the other policies."""

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("objectif général", max_length=300)
    examples = models.TextField("exemples de déclinaison", blank=True)
    concordance_contrat_ville = models.TextField("concordance contrat de ville", blank=True)
    concordance_peb_axis = models.TextField("concordance PEB : axe", blank=True)
    concordance_peb = models.TextField("concordance PEB : objectif", blank=True)
    concordance_education_nationale = models.TextField(
        "concordance objectifs Éducation nationale", blank=True
    )

    class Meta:
        ordering = ["axis__cite", "number"]
        verbose_name = "objectif général"
        verbose_name_plural = "objectifs généraux"
        constraints = [
            models.UniqueConstraint(fields=["axis", "number"], name="objective_number_in_axis")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Priority(models.Model):
    """A line of the Cité's own action plan (Annex 2) under an axis."""

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField("numéro")
    text = models.TextField("priorité")

    class Meta:
        ordering = ["axis__cite", "axis__number", "number"]
        verbose_name = "priorité du plan d'actions"
        verbose_name_plural = "priorités du plan d'actions"
        constraints = [
            models.UniqueConstraint(fields=["axis", "number"], name="priority_number_in_axis")
        ]

    def __str__(self) -> str:
        return f"{self.axis.number}.{self.number} {self.text[:80]}"


class ActionQuerySet(models.QuerySet["Action"]):
    def for_cite(self, cite: CiteEducative) -> "ActionQuerySet":
        return self.filter(cite=cite)

    def for_age_band(self, band: AgeBand) -> "ActionQuerySet":
        """Actions whose stated ages reach into the band (ages not stated: not counted)."""
        low, high = band.bounds
        return self.exclude(age_min__isnull=True, age_max__isnull=True).filter(
            Q(age_min__isnull=True) | Q(age_min__lte=high),
            Q(age_max__isnull=True) | Q(age_max__gte=low),
        )

    def for_listing(self) -> "ActionQuerySet":
        return self.select_related("cite", "priority", "scheme").prefetch_related(
            "objectives", "porteurs", named_qpvs()
        )


class Action(models.Model):
    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    objectives = models.ManyToManyField(
        Objective, related_name="actions", verbose_name="objectifs généraux"
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="priorité du plan",
    )
    porteurs = models.ManyToManyField(
        Organisation, related_name="actions", blank=True, verbose_name="porteurs"
    )
    scheme = models.ForeignKey(
        Scheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="dispositif",
    )
    qpvs = models.ManyToManyField(Qpv, related_name="actions", blank=True, verbose_name="QPV")
    establishments = models.ManyToManyField(
        Establishment, related_name="actions", blank=True, verbose_name="établissements"
    )
    age_min = models.PositiveSmallIntegerField(
        "âge minimum (ans)", null=True, blank=True, validators=[MaxValueValidator(25)]
    )
    age_max = models.PositiveSmallIntegerField(
        "âge maximum (ans)", null=True, blank=True, validators=[MaxValueValidator(25)]
    )
    for_parents = models.BooleanField("s'adresse aux parents", default=False)
    for_professionals = models.BooleanField("s'adresse aux professionnels", default=False)
    expected_participants = models.PositiveIntegerField(
        "participants attendus", null=True, blank=True
    )
    scolaire = models.BooleanField(TimeOfDay.SCOLAIRE.label, default=False)
    periscolaire = models.BooleanField(TimeOfDay.PERISCOLAIRE.label, default=False)
    extrascolaire = models.BooleanField(TimeOfDay.EXTRASCOLAIRE.label, default=False)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    year = models.PositiveSmallIntegerField("année")
    status = models.CharField(
        "statut", max_length=12, choices=ActionStatus.choices, default=ActionStatus.PISTE
    )
    is_engineering = models.BooleanField(
        "ingénierie",
        default=False,
        help_text="Pilotage, coordination, formation, communication, évaluation (art. 8).",
    )
    expected_leverage = models.TextField("effet levier attendu", blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name="reconduite de",
    )
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["year", "title", "pk"]
        verbose_name = "action"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="action_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="action_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("action_plan:action_detail", args=[self.cite.slug, self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fin doit venir après le début."
        cite = self.cite if self.cite_id else None
        if cite is not None:
            period = f"du {cite.label_start:%d/%m/%Y} au {cite.label_end:%d/%m/%Y}"
            for name in ("start_date", "end_date"):
                day: date | None = getattr(self, name)
                if day is not None and not cite.is_within_label(day):
                    errors[name] = (
                        f"Le {day:%d/%m/%Y} est hors de la période du label ({period}) [R-PER-1]."
                    )
            if self.year and not cite.label_start.year <= self.year <= cite.label_end.year:
                errors["year"] = (
                    f"L'année {self.year} est hors de la période du label ({period}) [R-PER-1]."
                )
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "L'âge maximum doit être supérieur à l'âge minimum."
        if errors:
            raise ValidationError(errors)

    @property
    def age_bands(self) -> list[AgeBand]:
        if self.age_min is None and self.age_max is None:
            return []
        return AgeBand.covering(self.age_min, self.age_max)

    @property
    def times_of_day(self) -> list[str]:
        return [t.label for t in TimeOfDay if getattr(self, t.value)]
