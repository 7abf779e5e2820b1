import math
from datetime import date, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import connections, models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.models import HistoricalRecords

from citeduc.accounts.models import User
from citeduc.common.text import fold, search_words
from citeduc.directory import referentials
from citeduc.directory.enums import OrganisationKind, ServiceStatus
from citeduc.directory.places import Area
from citeduc.directory.validators import validate_rna, validate_siret
from citeduc.territory.models import CiteEducative, Commune, Qpv, named_qpvs

STALE_AFTER = timedelta(days=365)
KM_PER_DEGREE = 111.195  # one degree of latitude, on the mean Earth radius
# What publishing a service asks for: a word for a table, the sentence for its editor.
PUBLICATION_GAPS = {
    "contact": ("contact", "un moyen de le joindre (téléphone ou adresse e-mail)"),
    "place": ("lieu", "où il a lieu (une adresse, ou « à distance » ou « à domicile »)"),
    "hours": ("horaires", "ses horaires d'accueil"),
    "public": ("public", "pour qui (des âges ou des publics)"),
    "reception": ("accueil", "comment il accueille (sur place, à distance ou à domicile)"),
    "cost": ("frais", "s'il est gratuit ou payant"),
}


class Theme(models.Model):
    """A theme of the offer: data·inclusion's thematiques plus our ``educ--`` ones."""

    code = models.CharField("code", max_length=120, unique=True)
    label = models.CharField("libellé", max_length=200)
    category = models.CharField("catégorie", max_length=120, blank=True)

    class Meta:
        ordering = ["category", "label"]
        verbose_name = "thématique"

    def __str__(self) -> str:
        return self.label

    @property
    def is_own(self) -> bool:
        return referentials.is_own(self.code)


class Public(models.Model):
    code = models.CharField("code", max_length=120, unique=True)
    label = models.CharField("libellé", max_length=200)

    class Meta:
        ordering = ["label"]
        verbose_name = "public"

    def __str__(self) -> str:
        return self.label

    @property
    def is_own(self) -> bool:
        return referentials.is_own(self.code)


class Located(models.Model):
    """Address and position shared by organisations and services."""

    address = models.CharField("adresse", max_length=300, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name="commune"
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    position_approximate = models.BooleanField(
        "position approximative",
        default=False,
        help_text="Placée au centre du quartier faute d'adresse connue.",
    )

    class Meta:
        abstract = True

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> "OrganisationQuerySet":
        return self.filter(merged_into__isnull=True)


class Organisation(Located):
    """A structure: association, municipal service, CAF, school… that offers services."""

    cite = models.ForeignKey(
        CiteEducative, on_delete=models.CASCADE, related_name="organisations", verbose_name="Cité"
    )
    source = models.CharField("source", max_length=100)
    external_id = models.CharField("identifiant", max_length=200)
    name = models.CharField("nom", max_length=150)
    acronym = models.CharField("sigle", max_length=40, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    rna = models.CharField("numéro RNA", max_length=10, blank=True, validators=[validate_rna])
    kind = models.CharField("typologie", max_length=30, choices=OrganisationKind.choices)
    networks = models.JSONField(
        "réseaux porteurs", default=list, blank=True, help_text="codes data·inclusion"
    )
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    website = models.URLField("site web", blank=True)
    opening_hours = models.CharField("horaires d'accueil", max_length=300, blank=True)
    description = models.TextField("description", blank=True)
    updated_on = models.DateField("mis à jour le", default=timezone.localdate)
    editors = models.ManyToManyField(
        User, related_name="edited_organisations", blank=True, verbose_name="éditeurs"
    )
    # Among the editors, those who invite and remove the others (the first accepted member).
    administrators = models.ManyToManyField(
        User, related_name="administered_organisations", blank=True, verbose_name="administrateurs"
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name="fusionnée dans",
    )
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "structure"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="organisation_source_id")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        valid = {code for code, _label in referentials.choices("ReseauPorteur")}
        unknown = [code for code in self.networks if code not in valid]
        if unknown:
            raise ValidationError({"networks": f"réseau(x) inconnu(s) : {', '.join(unknown)}"})


class ServiceQuerySet(models.QuerySet["Service"]):
    def published(self) -> "ServiceQuerySet":
        """Services shown to the public: published or to check, of an organisation not merged
        into another. The merged ones are few: « none of them » (an anti-join on the merged
        organisations' index) is read much faster than a join to every organisation."""
        merged = Organisation.objects.filter(
            pk=OuterRef("organisation_id"), merged_into__isnull=False
        )
        return self.filter(
            ~Exists(merged), status__in=[ServiceStatus.PUBLISHED, ServiceStatus.TO_CHECK]
        )

    def stale(self, today: date | None = None) -> "ServiceQuerySet":
        limit = (today or timezone.localdate()) - STALE_AFTER
        return self.exclude(status=ServiceStatus.CLOSED).filter(updated_on__lt=limit)

    def for_age(self, age: int) -> "ServiceQuerySet":
        return self.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )

    def matching(self, text: str) -> "ServiceQuerySet":
        """Services holding every word typed (accents, case and French stop words ignored).

        On PostgreSQL, by full text: each word's stem as a prefix in the stored, indexed
        ``search_vector`` (migration 0005), annotated with ``rank`` (a word of the name weighs
        most, then the description, then the structure, themes and publics). On SQLite, each
        word, its plural mark dropped, within the folded search text; ``rank`` is 0."""
        words = search_words(text)
        if not words:
            return self
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(
                " & ".join(f"{word}:*" for word in words), config="citeduc_fr", search_type="raw"
            )
            vector = RawSQL('"directory_service"."search_vector"', (), SearchVectorField())
            return (
                self.alias(vector=vector)
                .filter(vector=query)
                .annotate(rank=SearchRank(vector, query))
            )
        queryset = self
        for word in words:
            stem = word[:-1] if len(word) > 3 and word[-1] in "sx" else word
            queryset = queryset.filter(search_text__contains=stem)
        return queryset.annotate(rank=Value(0.0, output_field=models.FloatField()))

    def search(
        self,
        *,
        q: str = "",
        cite: str = "",
        qpv: str = "",
        theme: str = "",
        age: int | None = None,
        public: str = "",
        cost: str = "",
        type: str = "",
    ) -> "ServiceQuerySet":
        """The directory's filters, shared by the page and the API; empty criteria are ignored."""
        services = self.matching(q) if q else self
        exact = {
            "organisation__cite__slug": cite,
            "qpvs__code": qpv,
            "themes__code": theme,
            "publics__code": public,
            "cost": cost,
            "type": type,
        }
        services = services.filter(**{key: value for key, value in exact.items() if value})
        if age is not None:
            services = services.for_age(age)
        # Only the many-to-many filters can repeat a service; DISTINCT on 50 000 rows is not free.
        return services.distinct() if qpv or theme or public else services

    def reachable(self) -> "ServiceQuerySet":
        """Services a family can contact: a phone number or an e-mail address of their own."""
        return self.exclude(phone="", email="")

    def near(
        self, latitude: float, longitude: float, radius_km: float | None = None
    ) -> "ServiceQuerySet":
        """Annotate ``distance2``, the squared distance in km² from a point to where the
        service takes place (its own position, else its structure's), and keep those within
        ``radius_km``. An equirectangular projection: within a city it is off by less than
        0.1 %, and it is plain arithmetic, so one query on SQLite and PostgreSQL alike, whatever
        the number of services."""
        km_lat = KM_PER_DEGREE
        km_lon = KM_PER_DEGREE * math.cos(math.radians(latitude))
        lat = Coalesce(F("latitude"), F("organisation__latitude"))
        lon = Coalesce(F("longitude"), F("organisation__longitude"))
        dy = (lat - Value(latitude)) * Value(km_lat)
        dx = (lon - Value(longitude)) * Value(km_lon)
        services = self.annotate(
            distance2=ExpressionWrapper(dx * dx + dy * dy, output_field=models.FloatField())
        )
        if radius_km is not None:
            services = services.filter(distance2__lte=radius_km * radius_km)
        return services

    def within(self, area: Area) -> "ServiceQuerySet":
        """The services the map places inside ``area``: by their own position, else their
        structure's; placed by neither, by a quarter they serve (at its centre, as
        ``map_points`` draws them). One query, no duplicate row for a service of two quarters."""
        in_quarter = Exists(
            Service.qpvs.through.objects.filter(
                service=OuterRef("pk"),
                qpv__centroid_lat__range=(area.south, area.north),
                qpv__centroid_lon__range=(area.west, area.east),
            )
        )
        placed = self.alias(
            map_lat=Coalesce(F("latitude"), F("organisation__latitude")),
            map_lon=Coalesce(F("longitude"), F("organisation__longitude")),
        )
        return placed.filter(
            Q(map_lat__range=(area.south, area.north), map_lon__range=(area.west, area.east))
            | Q(map_lat__isnull=True, map_lon__isnull=True) & in_quarter
        )

    def for_listing(self) -> "ServiceQuerySet":
        """With what a list of services shows; the quarters without their contours (a list
        names them, it does not draw them)."""
        return self.select_related("organisation", "organisation__commune").prefetch_related(
            "themes", "publics", named_qpvs()
        )


class Service(Located):
    """An offer of an organisation: what, for whom, where, when, how to get it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services", verbose_name="structure"
    )
    source = models.CharField("source", max_length=100)
    external_id = models.CharField("identifiant", max_length=200)
    name = models.CharField("nom", max_length=150)
    description = models.TextField("description")
    themes = models.ManyToManyField(Theme, related_name="services", verbose_name="thématiques")
    publics = models.ManyToManyField(
        Public, related_name="services", blank=True, verbose_name="publics"
    )
    publics_details = models.CharField("précisions sur les publics", max_length=300, blank=True)
    age_min = models.PositiveSmallIntegerField(
        "âge minimum (ans)", null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    age_max = models.PositiveSmallIntegerField(
        "âge maximum (ans)", null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    school_levels = models.JSONField("niveaux scolaires", default=list, blank=True)
    type = models.CharField(
        "type", max_length=30, blank=True, choices=referentials.choices("TypeService")
    )
    cost = models.CharField(
        "frais", max_length=10, blank=True, choices=referentials.choices("Frais")
    )
    cost_details = models.CharField("précisions sur les frais", max_length=300, blank=True)
    reception_modes = models.JSONField("modes d'accueil", default=list, blank=True)
    qpvs = models.ManyToManyField(
        Qpv, related_name="services", blank=True, verbose_name="QPV desservis"
    )
    eligibility_zone = models.JSONField(
        "zone d'éligibilité",
        default=list,
        blank=True,
        help_text="codes INSEE de communes ou départements",
    )
    access_conditions = models.TextField("conditions d'accès", blank=True)
    how_to_access = models.TextField("comment en bénéficier", blank=True)
    mobilisation_modes = models.JSONField("modes de mobilisation", default=list, blank=True)
    contact_name = models.CharField("contact", max_length=150, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    schedule = models.CharField(
        "horaires d'accueil",
        max_length=300,
        blank=True,
        help_text="Au format OpenStreetMap, ex. « Mo-Fr 09:00-12:00,14:00-17:30; We 14:00-18:00 ».",
    )
    at_home = models.BooleanField("à domicile", default=False)
    on_appointment = models.BooleanField("sur rendez-vous", default=False)
    mobilisable_by = models.JSONField("qui peut le mobiliser", default=list, blank=True)
    reminded_on = models.DateField("relance envoyée le", null=True, blank=True, editable=False)
    status = models.CharField(
        "statut", max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.DRAFT
    )
    updated_on = models.DateField("mis à jour le", default=timezone.localdate)
    search_text = models.TextField(editable=False, blank=True)  # trigram-indexed on PostgreSQL
    history = HistoricalRecords()

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "service"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="service_source_id"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="service_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the folded search text in step with what a search may look for."""
        parts = [self.name, self.description, self.publics_details, self.organisation.name]
        if self.pk:
            parts += [theme.label for theme in self.themes.all()]
            parts += [public.label for public in self.publics.all()]
        self.search_text = fold(" ".join(parts))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:service_detail", args=[self.pk])

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": "L'âge maximum doit être supérieur à l'âge minimum."})

    def set_vocabulary(self, themes: list[Theme], publics: list[Public]) -> None:
        """Set themes and publics, then re-index: the only way to change them."""
        self.themes.set(themes)
        self.publics.set(publics)
        self.save(update_fields=["search_text"])

    @property
    def is_stale(self) -> bool:
        return (
            self.status != ServiceStatus.CLOSED
            and self.updated_on < timezone.localdate() - STALE_AFTER
        )

    @property
    def shown_status(self) -> str:
        if self.status == ServiceStatus.PUBLISHED and self.is_stale:
            return ServiceStatus.TO_CHECK.label
        return self.get_status_display()

    def age_range_label(self) -> str:
        if self.age_min is None and self.age_max is None:
            return gettext("Tous âges")
        if self.age_max is None:
            return gettext("À partir de %(min)s ans") % {"min": self.age_min}
        if self.age_min is None:
            return gettext("Jusqu'à %(max)s ans") % {"max": self.age_max}
        return gettext("De %(min)s à %(max)s ans") % {"min": self.age_min, "max": self.age_max}

    def _gap_keys(self) -> list[str]:
        keys = []
        if not (self.phone or self.email):
            keys.append("contact")
        remote = "a-distance" in self.reception_modes
        if not (self.address or remote or self.at_home):
            keys.append("place")
        if not self.schedule:
            keys.append("hours")
        if self.age_min is None and self.age_max is None and not self.publics_details:
            if not self.pk or not self.publics.exists():
                keys.append("public")
        if not self.reception_modes and not self.at_home:
            keys.append("reception")
        if not self.cost:
            keys.append("cost")
        return keys

    def publication_gaps(self) -> list[str]:
        """What a family would miss to use the service; publishing waits until it is empty."""
        return [PUBLICATION_GAPS[key][1] for key in self._gap_keys()]

    def gap_labels(self) -> list[str]:
        """The same, in a word each, for a table."""
        return [PUBLICATION_GAPS[key][0] for key in self._gap_keys()]

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email)

    @property
    def distance_km(self) -> float | None:
        """Set by ``ServiceQuerySet.near``: how far from the searched place, in km."""
        squared = getattr(self, "distance2", None)
        return None if squared is None else math.sqrt(squared)

    def place(self) -> Located:
        """Where the service takes place: its own address, or its organisation's."""
        return self if self.has_position or self.address else self.organisation


class Scheme(models.Model):
    """A standing dispositif (PRE, OEPRE, CLAS, internat…) carried by organisations."""

    cite = models.ForeignKey(
        CiteEducative, on_delete=models.CASCADE, related_name="schemes", verbose_name="Cité"
    )
    name = models.CharField("nom", max_length=200)
    acronym = models.CharField("sigle", max_length=40, blank=True)
    description = models.TextField("description", blank=True)
    porteurs = models.ManyToManyField(
        Organisation, related_name="schemes", blank=True, verbose_name="porteurs"
    )
    qpvs = models.ManyToManyField(Qpv, related_name="schemes", blank=True, verbose_name="QPV")
    services = models.ManyToManyField(
        Service, related_name="schemes", blank=True, verbose_name="services qui le mettent en œuvre"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "dispositif"
        constraints = [
            models.UniqueConstraint(fields=["cite", "name"], name="scheme_unique_in_cite")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


def map_points(services: ServiceQuerySet, area: Area | None = None) -> list[dict[str, Any]]:
    """Markers for a set of services, in one query, in the order of ``services``.

    A service with its own position gives one exact marker; one without gives a marker per QPV it
    serves, at the QPV's centre, flagged approximate (never an invented address). With ``area``,
    only the markers inside it. The caller bounds ``services`` (the map asks for 500 at most).
    """
    rows = services.values(
        "pk",
        "name",
        "latitude",
        "longitude",
        "organisation__name",
        "organisation__latitude",
        "organisation__longitude",
        "organisation__position_approximate",
        "qpvs__name",
        "qpvs__centroid_lat",
        "qpvs__centroid_lon",
    )
    points: dict[tuple[int, float, float | None], dict[str, Any]] = {}
    for row in rows:
        if row["latitude"] is not None:
            lat, lon, approximate, where = row["latitude"], row["longitude"], False, ""
        elif row["organisation__latitude"] is not None:
            lat, lon = row["organisation__latitude"], row["organisation__longitude"]
            approximate, where = row["organisation__position_approximate"], ""
        elif row["qpvs__centroid_lat"] is not None:
            lat, lon, approximate = row["qpvs__centroid_lat"], row["qpvs__centroid_lon"], True
            where = row["qpvs__name"]
        else:
            continue
        if area is not None and (lon is None or not area.holds(lat, lon)):
            continue
        points.setdefault(
            (row["pk"], lat, lon),
            {
                "id": row["pk"],
                "name": row["name"],
                "organisation": row["organisation__name"],
                "lat": lat,
                "lon": lon,
                "approximate": approximate,
                "where": where,
                "url": reverse("directory:service_detail", args=[row["pk"]]),
            },
        )
    return list(points.values())


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "En attente de la coordination"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"


class Claim(models.Model):
    """A person asks to answer for a structure: one already in the directory, or a new one they
    declare. The coordination of the Cité accepts or refuses it, with a reason."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="structure_claims", verbose_name="demandeur"
    )
    cite = models.ForeignKey(
        CiteEducative, on_delete=models.CASCADE, related_name="claims", verbose_name="Cité"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name="structure",
        help_text="Vide pour une structure nouvelle, créée quand la demande est acceptée.",
    )
    name = models.CharField("nom", max_length=150)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    rna = models.CharField("numéro RNA", max_length=10, blank=True, validators=[validate_rna])
    kind = models.CharField(
        "typologie", max_length=30, choices=OrganisationKind.choices, blank=True
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name="commune"
    )
    message = models.TextField("message à la coordination", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    reason = models.TextField("motif", blank=True)
    created_at = models.DateTimeField("déposée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_person",
            ),
            models.UniqueConstraint(
                fields=["siret"],
                condition=Q(status="pending", organisation__isnull=True) & ~Q(siret=""),
                name="claim_one_pending_new_siret",
            ),
            models.UniqueConstraint(
                fields=["rna"],
                condition=Q(status="pending", organisation__isnull=True) & ~Q(rna=""),
                name="claim_one_pending_new_rna",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.name}"

    @property
    def is_new(self) -> bool:
        return self.organisation_id is None
