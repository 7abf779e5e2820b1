from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from citeduc.action_plan.models import Action
from citeduc.directory.models import Organisation
from citeduc.funding.enums import Account, FundEntryKind, FunderKind, RequestStatus
from citeduc.territory.models import CiteEducative


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
    siret = models.CharField("SIRET", max_length=14, blank=True)
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
        return f"{self.funder.code} {self.year} : {self.amount} €"


class GrantRequest(models.Model):
    """A request (Cerfa 12156) for one action and one year, to one or several funders."""

    cite = models.ForeignKey(CiteEducative, on_delete=models.CASCADE, related_name="requests")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="requests")
    applicant = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="requests")
    year = models.PositiveSmallIntegerField("année")
    status = models.CharField(
        "statut", max_length=12, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    submitted_on = models.DateField("déposée le", null=True, blank=True)
    republican_commitment = models.BooleanField(
        "engagement au contrat d'engagement républicain",
        default=False,
        help_text="Loi n° 2021-1109 ; obligatoire pour une association (R-FUND-9).",
    )
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


class BudgetLine(models.Model):
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="budget_lines")
    account = models.CharField("compte", max_length=2, choices=Account.choices)
    label = models.CharField("libellé", max_length=200, blank=True)
    amount = money("montant prévu")
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "account", "pk"]
        verbose_name = "ligne de budget"

    def __str__(self) -> str:
        return f"{self.get_account_display()} : {self.amount} €"


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
        return f"{self.funder.code} : {self.amount} € demandés"


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
        return f"{self.funder.code} : {self.amount} € le {self.date:%d/%m/%Y}"


class Payment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="payments")
    amount = money("montant versé")
    date = models.DateField("date")
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "date", "pk"]
        verbose_name = "versement"

    def __str__(self) -> str:
        return f"{self.amount} € le {self.date:%d/%m/%Y}"


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
        return f"{self.get_account_display()} : {self.realised} € réalisés"


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
        return f"{self.get_kind_display()} {self.year} : {self.amount} € — {self.object}"


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
