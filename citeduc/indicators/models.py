from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from citeduc.action_plan.enums import TimeOfDay
from citeduc.action_plan.models import Action, Objective
from citeduc.common.enums import AgeBand
from citeduc.indicators.enums import (
    Breakdown,
    Frequency,
    IndicatorKind,
    Origin,
    Reporter,
    Sex,
    Unit,
)
from citeduc.indicators.periods import PeriodKind
from citeduc.territory.models import CiteEducative, Qpv

validate_code = RegexValidator(
    r"^[A-Z][A-Z0-9_]{1,39}$",
    "Le code s'écrit en majuscules, chiffres et « _ » (par exemple PUBLIC_TOUCHE).",
)


class Indicator(models.Model):
    """An indicator of the Cité's evaluation protocol (art. 15)."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(
        "code",
        max_length=40,
        validators=[validate_code],
        help_text="Le même code d'une Cité à l'autre permet la consolidation nationale.",
    )
    name = models.CharField("intitulé", max_length=200)
    definition = models.TextField("définition et mode de calcul", blank=True)
    kind = models.CharField("nature", max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField("unité", max_length=12, choices=Unit.choices)
    objectives = models.ManyToManyField(
        Objective, related_name="indicators", blank=True, verbose_name="objectifs généraux"
    )
    actions = models.ManyToManyField(
        Action, related_name="indicators", blank=True, verbose_name="actions"
    )
    breakdowns = models.JSONField(
        "ventilations exigées",
        default=list,
        blank=True,
        help_text="Parmi : " + ", ".join(f"{b.value} ({b.label})" for b in Breakdown),
    )
    baseline_value = models.DecimalField(
        "valeur de référence", max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField("date de la valeur de référence", null=True, blank=True)
    target_value = models.DecimalField(
        "valeur cible", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField("échéance de la cible", null=True, blank=True)
    higher_is_better = models.BooleanField(
        "plus c'est haut, mieux c'est",
        default=True,
        help_text="Décocher pour un indicateur à faire baisser (absentéisme, décrochage…).",
    )
    source = models.CharField("source", max_length=200, blank=True)
    frequency = models.CharField(
        "fréquence", max_length=14, choices=Frequency.choices, default=Frequency.YEARLY
    )
    reported_by = models.CharField(
        "renseigné par", max_length=14, choices=Reporter.choices, default=Reporter.COORDINATION
    )
    derived_from = models.CharField(
        "calcul automatique",
        max_length=40,
        blank=True,
        help_text="Clé du calcul citeduc qui produit les mesures ; vide pour une saisie.",
    )
    is_public = models.BooleanField(
        "publié", default=True, help_text="Publié sur la page publique, effectifs masqués."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "code"]
        verbose_name = "indicateur"
        constraints = [
            models.UniqueConstraint(fields=["cite", "code"], name="indicator_code_in_cite")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.cite.slug, self.pk])

    def clean(self) -> None:
        unknown = [b for b in self.breakdowns or [] if b not in Breakdown.values]
        if unknown:
            raise ValidationError({"breakdowns": f"Ventilation inconnue : {', '.join(unknown)}."})
        if self.unit == Unit.PERCENTAGE:
            for name in ("baseline_value", "target_value"):
                value = getattr(self, name)
                if value is not None and not 0 <= value <= 100:
                    raise ValidationError({name: "Un pourcentage est compris entre 0 et 100."})

    @property
    def is_derived(self) -> bool:
        return bool(self.derived_from)

    def breakdown_labels(self) -> list[str]:
        return [Breakdown(b).label for b in self.breakdowns if b in Breakdown.values]


class Measurement(models.Model):
    """One aggregated figure: indicator × period × QPV × sex × age band (R-EVAL-2: counts only,
    never a named child). An empty dimension means "all"."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField("période", max_length=9)
    period_kind = models.CharField(
        "type de période", max_length=14, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    year = models.PositiveSmallIntegerField("année")
    qpv = models.ForeignKey(
        Qpv, on_delete=models.PROTECT, null=True, blank=True, verbose_name="QPV (vide : tous)"
    )
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField("tranche d'âge", max_length=5, choices=AgeBand.choices, blank=True)
    time_of_day = models.CharField(
        "temps de l'enfant", max_length=13, choices=TimeOfDay.choices, blank=True
    )
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    numerator = models.PositiveIntegerField("numérateur", null=True, blank=True)
    denominator = models.PositiveIntegerField("dénominateur", null=True, blank=True)
    origin = models.CharField("origine", max_length=6, choices=Origin.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisie par",
    )
    entered_on = models.DateTimeField("saisie le", auto_now=True)
    is_demo = models.BooleanField("données de démonstration", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period", "qpv__name", "sex", "age_band", "time_of_day"]
        verbose_name = "mesure"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "qpv", "sex", "age_band", "time_of_day"],
                condition=Q(qpv__isnull=False),
                name="measurement_once_per_cell",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "sex", "age_band", "time_of_day"],
                condition=Q(qpv__isnull=True),
                name="measurement_once_per_cell_all_qpv",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="measurement_not_negative"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="measurement_numerator_within_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} : {self.value}"

    @property
    def cell_label(self) -> str:
        parts = [
            self.qpv.name if self.qpv else "",
            self.get_sex_display(),
            self.get_age_band_display(),
            self.get_time_of_day_display(),
        ]
        return ", ".join(p for p in parts if p) or "Ensemble"


class EvaluationProtocol(models.Model):
    """The Cité's protocole de suivi et d'évaluation (art. 15, annex 4 of the convention)."""

    cite = models.OneToOneField(
        CiteEducative, on_delete=models.CASCADE, related_name="evaluation_protocol"
    )
    governance = models.TextField(
        "gouvernance de l'évaluation",
        blank=True,
        help_text="Qui pilote l'évaluation, avec qui, à quel rythme.",
    )
    evaluator = models.CharField("évaluateur", max_length=200, blank=True)
    adjusted_on = models.DateField("ajusté le", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "protocole de suivi et d'évaluation"
        verbose_name_plural = "protocoles de suivi et d'évaluation"

    def __str__(self) -> str:
        return f"Protocole d'évaluation — {self.cite.name}"


class ObjectiveEvaluation(models.Model):
    """What the protocol states for one objective (R-EVAL-1): public, calendar, leverage."""

    objective = models.OneToOneField(Objective, on_delete=models.CASCADE, related_name="evaluation")
    age_bands = models.JSONField("tranches d'âge du public", default=list, blank=True)
    gendered = models.BooleanField(
        "cotation genrée", default=False, help_text="Les effectifs sont suivis par sexe."
    )
    scolaire = models.BooleanField(TimeOfDay.SCOLAIRE.label, default=False)
    periscolaire = models.BooleanField(TimeOfDay.PERISCOLAIRE.label, default=False)
    extrascolaire = models.BooleanField(TimeOfDay.EXTRASCOLAIRE.label, default=False)
    calendar = models.TextField("calendrier prévisionnel", blank=True)
    expected_leverage = models.TextField("effet levier attendu", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective__axis__number", "objective__number"]
        verbose_name = "protocole d'un objectif"
        verbose_name_plural = "protocoles des objectifs"

    def __str__(self) -> str:
        return f"Protocole — {self.objective}"

    def clean(self) -> None:
        unknown = [b for b in self.age_bands or [] if b not in AgeBand.values]
        if unknown:
            raise ValidationError({"age_bands": f"Tranche d'âge inconnue : {', '.join(unknown)}."})

    def age_band_labels(self) -> list[str]:
        return [AgeBand(b).label for b in self.age_bands if b in AgeBand.values]

    def times_of_day(self) -> list[str]:
        return [t.label for t in TimeOfDay if getattr(self, t.value)]

    def missing(self) -> list[str]:
        """What R-EVAL-1 asks of the objective that is not written yet."""
        gaps: list[tuple[bool, str]] = [
            (not self.age_bands, "le public (tranches d'âge)"),
            (not self.times_of_day(), "le cadre (scolaire, périscolaire)"),
            (not self.calendar.strip(), "le calendrier"),
            (not self.expected_leverage.strip(), "l'effet levier attendu"),
        ]
        return [label for missing, label in gaps if missing]


class KeptFindings(models.Model):
    """Kept, not recomputed: every rule's findings for a Cité and a year (R-PER, R-FUND, R-GOV,
    R-EVAL), as they stood on ``as_of`` for the data version ``version`` (common/versions.py).
    Read by the dashboards, the home pages and the review; computed again when the data or the
    day changed (`indicators/kept.py`)."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    as_of = models.DateField("au")
    version = models.CharField("version des données", max_length=80)
    payload = models.JSONField("constats", encoder=None)

    class Meta:
        verbose_name = "constats tenus"
        verbose_name_plural = "constats tenus"
        constraints = [
            models.UniqueConstraint(fields=["cite", "year"], name="kept_findings_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.cite_id} {self.year} au {self.as_of}"
