from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from citeduc.territory import geo
from citeduc.territory.enums import CiteRole, EstablishmentKind, PriorityEducation, Sector
from citeduc.territory.validators import validate_insee_code, validate_qpv_code, validate_uai


class Commune(models.Model):
    insee_code = models.CharField(
        "code INSEE", max_length=5, unique=True, validators=[validate_insee_code]
    )
    name = models.CharField("nom", max_length=150)

    class Meta:
        ordering = ["name", "insee_code"]
        verbose_name = "commune"

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class Qpv(models.Model):
    """A quartier prioritaire de la politique de la ville (2024 geography)."""

    code = models.CharField("code", max_length=9, unique=True, validators=[validate_qpv_code])
    name = models.CharField("nom", max_length=200)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="qpvs", verbose_name="commune"
    )
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    centroid_lat = models.FloatField("latitude du centre", null=True, blank=True)
    centroid_lon = models.FloatField("longitude du centre", null=True, blank=True)
    contour = models.JSONField("contour (géométrie GeoJSON)", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "quartier prioritaire (QPV)"
        verbose_name_plural = "quartiers prioritaires (QPV)"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def contains(self, lat: float, lon: float) -> bool:
        return self.contour is not None and geo.contains(self.contour, lon=lon, lat=lat)


def named_qpvs(lookup: str = "qpvs") -> models.Prefetch:
    """The quarters of listed rows, to name them: without their contours, the largest column of
    the perimeter (tens of kilobytes of GeoJSON a quarter, read for nothing by a list)."""
    return models.Prefetch(lookup, queryset=Qpv.objects.defer("contour"))


class CiteQuerySet(models.QuerySet["CiteEducative"]):
    def labelled_in(self, year: int) -> "CiteQuerySet":
        """The Cités whose label covers the year, by name, with their communes (for the region
        of each): what every national list starts from."""
        return (
            self.filter(label_start__year__lte=year, label_end__year__gte=year)
            .prefetch_related("communes")
            .order_by("name")
        )

    def with_perimeter_counts(self) -> "CiteQuerySet":
        return self.annotate(
            qpv_count=Count("qpvs", distinct=True),
            establishment_count=Count("establishments", distinct=True),
        )


class CiteEducative(models.Model):
    """The tenant: one labelled Cité éducative."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    name = models.CharField("nom", max_length=200)
    label_start = models.DateField("début du label")
    label_end = models.DateField("fin du label")
    communes = models.ManyToManyField(Commune, related_name="cites", verbose_name="communes")
    qpvs = models.ManyToManyField(Qpv, related_name="cites", verbose_name="QPV", blank=True)
    lead_college = models.ForeignKey(
        "Establishment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="collège chef de file",
    )

    objects = CiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "Cité éducative"
        verbose_name_plural = "Cités éducatives"
        constraints = [
            models.CheckConstraint(
                condition=Q(label_end__gte=models.F("label_start")),
                name="cite_label_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territory:cite_detail", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        if self.lead_college_id:
            problem = self.lead_college_problem(self.lead_college)  # type: ignore[arg-type]
            if problem:
                raise ValidationError({"lead_college": f"{problem} [R-PER-2]"})

    def lead_college_problem(self, college: "Establishment") -> str | None:
        """R-PER-2: why this establishment cannot be the Cité's chef de file, or None."""
        if college.kind != EstablishmentKind.COLLEGE:
            return f"{college} n'est pas un collège : le chef de file est un collège."
        if self.pk is None or college.cite_id != self.pk:
            return f"{college} n'est pas un établissement de la Cité {self}."
        return None

    def is_within_label(self, day: date) -> bool:
        """R-PER-1: whether a date falls in the label period."""
        return self.label_start <= day <= self.label_end

    def label_years(self) -> list[int]:
        """The calendar years the label covers, first to last."""
        return list(range(self.label_start.year, self.label_end.year + 1))


class EstablishmentQuerySet(models.QuerySet["Establishment"]):
    def for_cite(self, cite: CiteEducative) -> "EstablishmentQuerySet":
        return self.filter(cite=cite).select_related("qpv", "commune")


class Establishment(models.Model):
    uai = models.CharField(
        "UAI",
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uai],
        help_text="7 chiffres et une lettre de contrôle. Facultatif : la convention nomme des "
        "écoles sans leur UAI.",
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=30, choices=EstablishmentKind.choices)
    sector = models.CharField(
        "statut", max_length=10, choices=Sector.choices, default=Sector.PUBLIC
    )
    priority_education = models.CharField(
        "éducation prioritaire",
        max_length=10,
        choices=PriorityEducation.choices,
        default=PriorityEducation.NONE,
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="establishments",
        verbose_name="commune",
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    qpv = models.ForeignKey(
        Qpv,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="establishments",
        verbose_name="QPV",
    )
    cite = models.ForeignKey(
        CiteEducative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="establishments",
        verbose_name="Cité éducative",
    )
    cite_role = models.CharField(
        "rôle dans la Cité", max_length=20, choices=CiteRole.choices, blank=True
    )

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "établissement"
        constraints = [
            models.CheckConstraint(
                condition=Q(cite__isnull=True, cite_role="")
                | Q(cite__isnull=False) & ~Q(cite_role=""),
                name="establishment_role_iff_cite",
            ),
            models.UniqueConstraint(
                fields=["cite", "kind", "name"],
                condition=Q(uai__isnull=True),
                name="establishment_without_uai_unique_in_cite",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def as_map_feature(self) -> dict[str, Any]:
        return {
            "name": str(self),
            "uai": self.uai or "",
            "priority": self.get_priority_education_display(),
            "lat": self.latitude,
            "lon": self.longitude,
        }
