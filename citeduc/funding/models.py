import uuid
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from citeduc.action_plan.models import Action, Objective
from citeduc.common.enums import AgeBand
from citeduc.common.models import StoredUpload
from citeduc.common.money import format_euros
from citeduc.common.uploads import extension_for
from citeduc.directory.models import Organisation
from citeduc.directory.validators import validate_siret
from citeduc.funding.enums import (
    Account,
    AttachmentKind,
    FundEntryKind,
    FunderKind,
    RequestStatus,
    Verdict,
)
from citeduc.territory.models import CiteEducative, Qpv


def money(verbose_name: str, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,  # type: ignore[arg-type]
    )


class Funder(models.Model):
    """A funder as a Cité names it; `is_state` decides which side of the 30 % line it stands."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="funders")
    code = models.CharField("code", max_length=20)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=FunderKind.choices)
    is_state = models.BooleanField("crédits de l'État", default=False)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    own_services = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="part_of_funders",
        verbose_name="ses propres services",
        help_text="Structures qui font partie de ce financeur : ce qu'il leur attribue est une "
        "dépense en propre, pas une subvention (elle n'entre pas dans les données ouvertes).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "-is_state", "code"]
        verbose_name = "financeur"
        constraints = [models.UniqueConstraint(fields=["cite", "code"], name="funder_code_in_cite")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Envelope(models.Model):
    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="envelopes")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="envelopes")
    year = models.PositiveSmallIntegerField("année")
    amount = money("montant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "year", "funder__code"]
        verbose_name = "enveloppe"
        constraints = [
            models.UniqueConstraint(fields=["cite", "funder", "year"], name="envelope_unique")
        ]

    def __str__(self) -> str:
        return f"{self.funder.code} {self.year} : {format_euros(self.amount)}"


class Call(models.Model):
    """An appel à projets: the Cité invites porteurs to apply for a year's programmation."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="calls")
    year = models.PositiveSmallIntegerField("année de programmation")
    title = models.CharField("intitulé", max_length=200)
    text = models.TextField("texte de l'appel")
    objectives = models.ManyToManyField(
        Objective, related_name="calls", blank=True, verbose_name="objectifs éligibles"
    )
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("date limite de dépôt")
    funders = models.ManyToManyField(
        Funder, related_name="calls", verbose_name="financeurs participants"
    )
    required_documents = models.JSONField(
        "pièces obligatoires",
        default=list,
        blank=True,
        help_text="Codes des pièces à joindre (statuts, rib, comptes…).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "-year", "-closes_on"]
        verbose_name = "appel à projets"
        verbose_name_plural = "appels à projets"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def required_labels(self) -> list[str]:
        return [AttachmentKind(code).label for code in self.required_documents]


class GrantRequest(models.Model):
    """A request (Cerfa 12156) for one action and one year, to one or several funders."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="requests")
    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        related_name="requests",
        null=True,
        blank=True,
        verbose_name="appel à projets",
    )
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="requests")
    applicant = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="requests")
    year = models.PositiveSmallIntegerField("année")
    status = models.CharField(
        "statut", max_length=12, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    submitted_on = models.DateField("déposée le", null=True, blank=True)
    # Cerfa 12156, part 1: who answers for the structure and who follows the file.
    legal_representative = models.CharField("représentant légal", max_length=150, blank=True)
    legal_representative_role = models.CharField(
        "qualité du représentant légal", max_length=100, blank=True
    )
    contact_name = models.CharField("personne chargée du dossier", max_length=150, blank=True)
    contact_email = models.EmailField("e-mail de la personne chargée du dossier", blank=True)
    contact_phone = models.CharField("téléphone", max_length=30, blank=True)
    # Part 3: the project (its title, objectives, description, QPV and dates live on the action).
    place = models.CharField("lieu de réalisation", max_length=200, blank=True)
    age_bands = models.JSONField("tranches d'âge du public", default=list, blank=True)
    expected_girls = models.PositiveIntegerField("filles ou femmes attendues", default=0)
    expected_boys = models.PositiveIntegerField("garçons ou hommes attendus", default=0)
    evaluation_indicators = models.TextField("indicateurs d'évaluation proposés", blank=True)
    # Part 6: sworn statements.
    republican_commitment = models.BooleanField(
        "engagement au contrat d'engagement républicain",
        default=False,
        help_text="Loi n° 2021-1109 ; obligatoire pour une association (R-FUND-9).",
    )
    sworn_obligations = models.BooleanField(
        "à jour de ses obligations administratives, comptables, sociales et fiscales",
        default=False,
    )
    sworn_accurate = models.BooleanField(
        "exactitude des informations et des comptes de la demande", default=False
    )
    signatory = models.CharField("signataire", max_length=150, blank=True)
    agreement_signed_on = models.DateField("convention signée le", null=True, blank=True)
    report_reminded_on = models.DateField("dernière relance du compte-rendu", null=True, blank=True)
    is_demo = models.BooleanField("données de démonstration", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "year", "action__title", "pk"]
        verbose_name = "demande de subvention"
        verbose_name_plural = "demandes de subvention"
        constraints = [
            models.UniqueConstraint(fields=["action", "applicant", "year"], name="request_unique")
        ]

    def __str__(self) -> str:
        return f"{self.action.title} — {self.applicant.name} ({self.year})"

    @property
    def report_due_on(self) -> date:
        """Cerfa 15059 is due within six months after the end of the year (R-FUND-7)."""
        return date(self.year + 1, 6, 30)

    def age_band_labels(self) -> list[str]:
        return [AgeBand(code).label for code in self.age_bands if code in AgeBand.values]


class BudgetLine(models.Model):
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="budget_lines")
    account = models.CharField("compte", max_length=2, choices=Account.choices)
    label = models.CharField("libellé", max_length=200, blank=True)
    amount = money("montant prévu")
    funder = models.ForeignKey(
        Funder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name="financeur de la Cité sollicité (compte 74)",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "account", "pk"]
        verbose_name = "ligne de budget"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funder__isnull=True) | models.Q(account="74"),
                name="budget_funder_under_74",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_account_display()} : {format_euros(self.amount)}"


class RequestedAmount(models.Model):
    """What a request asks of one funder (a co-funder row under account 74)."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="asked")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="asked")
    amount = money("montant demandé")
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "funder__code"]
        verbose_name = "montant demandé"
        constraints = [
            models.UniqueConstraint(fields=["request", "funder"], name="requested_once_per_funder")
        ]

    def __str__(self) -> str:
        return f"{self.funder.code} : {format_euros(self.amount)} demandés"


class Decision(models.Model):
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="decisions")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="decisions")
    amount = money("montant accordé")
    date = models.DateField("date")
    reference = models.CharField("instance ou référence", max_length=200, blank=True)
    payment_conditions = models.CharField("conditions de versement", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "funder__code", "date"]
        verbose_name = "décision"
        constraints = [
            models.UniqueConstraint(fields=["request", "funder"], name="decision_once_per_funder")
        ]

    def __str__(self) -> str:
        return f"{self.funder.code} : {format_euros(self.amount)} le {self.date:%d/%m/%Y}"


class Payment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="payments")
    amount = money("montant versé")
    date = models.DateField("date")
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "date", "pk"]
        verbose_name = "versement"

    def __str__(self) -> str:
        return f"{format_euros(self.amount)} le {self.date:%d/%m/%Y}"


class FinancialReport(models.Model):
    """Cerfa 15059: what was really spent and received, with the gaps explained."""

    request = models.OneToOneField(GrantRequest, on_delete=models.CASCADE, related_name="report")
    submitted_on = models.DateField("déposé le", null=True, blank=True)
    qualitative_report = models.TextField("bilan qualitatif", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "compte-rendu financier"

    def __str__(self) -> str:
        return f"Compte-rendu financier — {self.request}"


class ReportReach(models.Model):
    """Who the action reached, in counts only (no child is ever named): QPV × age band × sex."""

    report = models.ForeignKey(FinancialReport, on_delete=models.CASCADE, related_name="reach")
    qpv = models.ForeignKey(
        Qpv, on_delete=models.PROTECT, null=True, blank=True, verbose_name="QPV (vide : hors QPV)"
    )
    age_band = models.CharField("tranche d'âge", max_length=5, choices=AgeBand.choices)
    girls = models.PositiveIntegerField("filles", default=0)
    boys = models.PositiveIntegerField("garçons", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "qpv__name", "age_band"]
        verbose_name = "public touché"
        verbose_name_plural = "publics touchés"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "qpv", "age_band"],
                condition=models.Q(qpv__isnull=False),
                name="reach_once_per_cell",
            ),
            models.UniqueConstraint(
                fields=["report", "age_band"],
                condition=models.Q(qpv__isnull=True),
                name="reach_once_per_band_outside_qpv",
            ),
        ]

    def __str__(self) -> str:
        where = self.qpv or "Hors QPV"
        return f"{where} {self.get_age_band_display()} : {self.girls} F, {self.boys} G"


class ReportLine(models.Model):
    report = models.ForeignKey(FinancialReport, on_delete=models.CASCADE, related_name="lines")
    account = models.CharField("compte", max_length=2, choices=Account.choices)
    label = models.CharField("libellé", max_length=200, blank=True)
    realised = money("montant réalisé")
    explanation = models.TextField("explication de l'écart", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "account", "pk"]
        verbose_name = "ligne réalisée"

    def __str__(self) -> str:
        return f"{self.get_account_display()} : {format_euros(self.realised)} réalisés"


class FundLedger(models.Model):
    """The Fonds de la cité éducative, held by the collège chef de file (art. 11)."""

    cite = models.OneToOneField(CiteEducative, on_delete=models.CASCADE, related_name="fund")
    authorising_officer = models.CharField(
        "ordonnateur", max_length=200, help_text="Le principal du collège chef de file."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "fonds de la cité éducative"
        verbose_name_plural = "fonds de la cité éducative"

    def __str__(self) -> str:
        return f"Fonds de la {self.cite.name}"


class FundEntry(models.Model):
    ledger = models.ForeignKey(FundLedger, on_delete=models.CASCADE, related_name="entries")
    year = models.PositiveSmallIntegerField("année")
    kind = models.CharField("nature", max_length=12, choices=FundEntryKind.choices)
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, null=True, blank=True, related_name="fund_entries"
    )
    amount = money("montant")
    date = models.DateField("date")
    object = models.CharField("objet", max_length=300)
    document = models.FileField("pièce justificative", upload_to="fonds/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ledger", "year", "date", "pk"]
        verbose_name = "écriture du fonds"
        verbose_name_plural = "écritures du fonds"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="expense") | models.Q(funder__isnull=False),
                name="fund_contribution_has_funder",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.year} : {format_euros(self.amount)} — {self.object}"
        )


class FundingPolicy(models.Model):
    """A Cité's own money settings: the thresholds the convention leaves to it."""

    cite = models.OneToOneField(
        CiteEducative, on_delete=models.CASCADE, related_name="funding_policy"
    )
    engineering_min_share = models.DecimalField(
        "part minimale d'ingénierie (R-FUND-3)",
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Part de l'enveloppe P147, entre 0 et 1 (ex. 0,100 pour 10 %). Vide : non fixée.",
    )
    report_gap_share = models.DecimalField(
        "écart toléré sans explication (R-FUND-7)",
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.15"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "règles financières de la Cité"

    def __str__(self) -> str:
        return f"Règles financières — {self.cite}"


class CreditDelegation(models.Model):
    """Art. 9: what must reach the ANCT before a year's P147 credits are delegated (R-FUND-10)."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="delegations")
    year = models.PositiveSmallIntegerField("année des crédits")
    convention_sent_on = models.DateField("convention signée transmise le", null=True, blank=True)
    protocol_sent_on = models.DateField(
        "protocole de suivi et d'évaluation transmis le", null=True, blank=True
    )
    review_sent_on = models.DateField(
        "documents de la revue de projet de l'année précédente transmis le", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cite", "year"]
        verbose_name = "délégation des crédits"
        constraints = [models.UniqueConstraint(fields=["cite", "year"], name="delegation_unique")]

    def __str__(self) -> str:
        return f"Délégation {self.year} — {self.cite}"


class RequestEvent(models.Model):
    """One step of a request's life: who moved it, when, from what to what, and why."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField("de", max_length=12, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField("vers", max_length=12, choices=RequestStatus.choices)
    at = models.DateTimeField("le", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.TextField("message", blank=True)

    class Meta:
        ordering = ["request", "at", "pk"]
        verbose_name = "étape de la demande"
        verbose_name_plural = "étapes des demandes"

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Opinion(models.Model):
    """An instructor's structured opinion for one funder of a request."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="opinions")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="opinions")
    verdict = models.CharField("avis", max_length=12, choices=Verdict.choices)
    proposed_amount = money("montant proposé")
    comment = models.TextField("commentaire", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="instructeur",
    )
    given_on = models.DateField("rendu le")
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "funder__code"]
        verbose_name = "avis d'instruction"
        verbose_name_plural = "avis d'instruction"
        constraints = [
            models.UniqueConstraint(fields=["request", "funder"], name="opinion_once_per_funder")
        ]

    def __str__(self) -> str:
        return f"{self.funder.code} : {self.get_verdict_display()}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Stored under an unguessable name: the original name is kept in the row, not on disk."""
    suffix = extension_for(instance.content_type, PurePath(filename).suffix.lower())
    return f"demandes/{instance.request.cite_id}/{instance.request_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(StoredUpload):
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("nature", max_length=12, choices=AttachmentKind.choices)
    file = models.FileField("fichier", upload_to=attachment_path, max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "kind", "uploaded_at"]
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"


class MoneyFigure(models.Model):
    """Kept, not recomputed: what a Cité's requests of one year asked of, were granted by and were
    paid by one funder. `funding/kept.py` rewrites a Cité's rows in the same transaction as every
    write that changes them; `rebuild_kept_figures` recomputes them all from the source rows."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="+")
    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    asked = models.DecimalField("demandé", max_digits=14, decimal_places=2, default=Decimal(0))
    decided = models.DecimalField("accordé", max_digits=14, decimal_places=2, default=Decimal(0))
    paid = models.DecimalField("versé", max_digits=14, decimal_places=2, default=Decimal(0))

    class Meta:
        verbose_name = "chiffre financier tenu"
        constraints = [
            models.UniqueConstraint(
                fields=["cite", "funder", "year"], name="money_figure_once_per_funder_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cite_id} {self.funder_id} {self.year}"
