"""A council, its members, its sittings with attendance by item and proxies, and its
deliberations with their votes (CGCT L2121-17, L2121-20, L2131-11)."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from citeduc.common.text import fold
from citeduc.deliberations.enums import ACTES, Ballot, Civility, Convocation
from citeduc.deliberations.tally import Member, ProxyLine, Span, Votes
from citeduc.directory.validators import validate_siret
from citeduc.territory.models import CiteEducative, Commune

ITEM_MIN = [MinValueValidator(1)]


class Council(models.Model):
    name = models.CharField("collectivité", max_length=200)
    siret = models.CharField(
        "SIRET", max_length=14, blank=True, validators=[validate_siret], db_index=True
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name="commune",
        help_text="Les pilotes et la coordination des Cités de cette commune tiennent ses séances.",
    )
    members_in_office = models.PositiveSmallIntegerField(
        "conseillers en exercice", validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "conseil"
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="council_once_per_commune")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deliberations:council_detail", args=[self.pk])


class Councillor(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="councillors")
    civility = models.CharField("civilité", max_length=4, choices=Civility.choices, blank=True)
    name = models.CharField("prénom et nom", max_length=200)
    key = models.CharField("nom replié", max_length=200, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "key"]
        verbose_name = "conseiller"
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="councillor_once")]

    def __str__(self) -> str:
        return f"{self.civility} {self.name}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Sitting(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sittings")
    date = models.DateField("date de la séance")
    convoked_on = models.DateField("date de convocation", null=True, blank=True)
    place = models.CharField("lieu", max_length=200, blank=True)
    chair = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="+", verbose_name="présidence"
    )
    secretary = models.ForeignKey(
        Councillor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="secrétaire de séance",
    )
    convocation = models.PositiveSmallIntegerField(
        "convocation", choices=Convocation.choices, default=Convocation.FIRST
    )
    members_in_office = models.PositiveSmallIntegerField(
        "conseillers en exercice ce jour-là", validators=[MinValueValidator(1)]
    )
    last_item = models.PositiveSmallIntegerField(
        "dernière question de l'ordre du jour", validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-date"]
        verbose_name = "séance"
        constraints = [
            models.UniqueConstraint(fields=["council", "date"], name="sitting_once_a_day"),
            models.CheckConstraint(
                condition=Q(convoked_on__isnull=True) | Q(convoked_on__lte=models.F("date")),
                name="sitting_convoked_before",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council.name}, séance du {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("deliberations:sitting_detail", args=[self.pk])

    def roster(self) -> tuple[list[Member], list[ProxyLine]]:
        """The sitting as the tally engine reads it (two queries)."""
        members: dict[int, Member] = {}
        for row in self.attendances.select_related("councillor").order_by("councillor__key"):
            member = members.setdefault(
                row.councillor_id, Member(row.councillor.key, str(row.councillor))
            )
            if row.present:
                member.present.append(Span(row.first_item, row.last_item))
        proxies = [
            ProxyLine(p.giver.key, p.holder.key, Span(p.first_item, p.last_item))
            for p in self.proxies.select_related("giver", "holder")
        ]
        return list(members.values()), proxies


class Attendance(models.Model):
    """A councillor at a sitting: present over a range of items (one row per range), or absent."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendances")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="attendances")
    present = models.BooleanField("présent", default=True)
    first_item = models.PositiveSmallIntegerField(
        "à compter de la question n°", null=True, blank=True, validators=ITEM_MIN
    )
    last_item = models.PositiveSmallIntegerField(
        "jusqu'à la question n° (incluse)", null=True, blank=True, validators=ITEM_MIN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sitting", "councillor__key", "first_item"]
        verbose_name = "présence en séance"
        constraints = [
            models.CheckConstraint(
                condition=Q(first_item__isnull=True)
                | Q(last_item__isnull=True)
                | Q(last_item__gte=models.F("first_item")),
                name="attendance_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(present=True) | Q(first_item__isnull=True, last_item__isnull=True),
                name="absent_has_no_range",
            ),
        ]

    def __str__(self) -> str:
        if not self.present:
            return f"{self.councillor} : absent·e"
        return f"{self.councillor} : présent·e, {Span(self.first_item, self.last_item).label()}"


def proxy_path(instance: "Proxy", filename: str) -> str:
    """Stored under an unguessable name, outside any public folder."""
    return (
        f"procurations/{instance.sitting_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
    )


class Proxy(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="proxies_given", verbose_name="mandant"
    )
    holder = models.ForeignKey(
        Councillor,
        on_delete=models.PROTECT,
        related_name="proxies_held",
        verbose_name="mandataire",
    )
    first_item = models.PositiveSmallIntegerField(
        "à compter de la question n°", null=True, blank=True, validators=ITEM_MIN
    )
    last_item = models.PositiveSmallIntegerField(
        "jusqu'à la question n° (incluse)", null=True, blank=True, validators=ITEM_MIN
    )
    document = models.FileField("pouvoir écrit", upload_to=proxy_path, max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sitting", "giver__key"]
        verbose_name = "procuration"
        constraints = [
            models.CheckConstraint(
                condition=~Q(giver=models.F("holder")), name="proxy_to_someone_else"
            ),
            models.CheckConstraint(
                condition=Q(first_item__isnull=True)
                | Q(last_item__isnull=True)
                | Q(last_item__gte=models.F("first_item")),
                name="proxy_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        span = Span(self.first_item, self.last_item)
        return f"{self.giver} à {self.holder} ({span.label()})"


class Deliberation(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="deliberations")
    number = models.CharField("numéro", max_length=40)
    item = models.PositiveSmallIntegerField("question n°", validators=[MinValueValidator(1)])
    title = models.CharField("objet", max_length=500)
    rapporteur = models.ForeignKey(
        Councillor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rapporteur",
    )
    rapporteur_role = models.CharField("qualité du rapporteur", max_length=100, blank=True)
    commission = models.CharField("commission", max_length=200, blank=True)
    commission_date = models.DateField("date de la commission", null=True, blank=True)
    commission_opinion = models.CharField("avis de la commission", max_length=200, blank=True)
    summary = models.TextField("résumé et dispositif", blank=True)
    published_on = models.DateField("publiée le", null=True, blank=True)
    subject_code = models.CharField(
        "code matière ACTES",
        max_length=5,
        blank=True,
        choices=sorted(ACTES.items(), key=lambda kv: [int(x) for x in kv[0].split(".")]),
    )
    votes_for = models.PositiveSmallIntegerField("pour")
    votes_against = models.PositiveSmallIntegerField("contre")
    abstentions = models.PositiveSmallIntegerField("abstentions")
    not_voting = models.PositiveSmallIntegerField("ne prenant pas part au vote", default=0)
    interested = models.ManyToManyField(
        Councillor, blank=True, related_name="+", verbose_name="conseillers intéressés"
    )
    ballot = models.CharField(
        "mode de scrutin", max_length=10, choices=Ballot.choices, default=Ballot.PUBLIC
    )
    result = models.CharField("résultat déclaré", max_length=200, blank=True)
    cite = models.ForeignKey(
        CiteEducative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliberations",
        verbose_name="Cité éducative concernée",
    )
    authorises = models.CharField("acte autorisé", max_length=200, blank=True)
    url = models.URLField("adresse de publication", blank=True)
    history = HistoricalRecords(m2m_fields=[interested])

    class Meta:
        ordering = ["sitting", "item"]
        verbose_name = "délibération"
        constraints = [
            models.UniqueConstraint(fields=["sitting", "number"], name="deliberation_number_once"),
            models.UniqueConstraint(fields=["sitting", "item"], name="deliberation_item_once"),
        ]

    def __str__(self) -> str:
        return f"Délibération n° {self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("deliberations:deliberation_detail", args=[self.pk])

    def clean(self) -> None:
        if self.sitting_id and self.item and self.item > self.sitting.last_item:
            raise ValidationError(
                {"item": f"La séance n'a que {self.sitting.last_item} questions à l'ordre du jour."}
            )

    @property
    def votes(self) -> Votes:
        return Votes(self.votes_for, self.votes_against, self.abstentions, self.not_voting)

    @property
    def subject_name(self) -> str:
        return ACTES.get(self.subject_code, "")
