from django.db import models


class FunderKind(models.TextChoices):
    ETAT = "etat", "État"
    COMMUNE = "commune", "Commune"
    INTERCOMMUNALITE = "intercommunalite", "Intercommunalité"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    CAF = "caf", "CAF"
    EUROPE = "europe", "Union européenne"
    PRIVE = "prive", "Financeur privé"
    AUTRE = "autre", "Autre"


class RequestStatus(models.TextChoices):
    """The life of a request, from the porteur's draft to the closing of its report."""

    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposée"
    REVIEWING = "reviewing", "En instruction"
    CORRECTION = "correction", "Correction demandée"
    CORRECTED = "corrected", "Corrigée"
    OPINION = "opinion", "Avis rendus"
    GRANTED = "granted", "Accordée"
    PARTIAL = "partial", "Accordée en partie"
    REFUSED = "refused", "Refusée"
    SIGNED = "signed", "Convention signée"
    PAID = "paid", "Versée"
    REPORT_DUE = "report_due", "Compte-rendu attendu"
    REPORTED = "reported", "Compte-rendu déposé"
    CLOSED = "closed", "Soldée"


# The porteur may change its request only in these states.
EDITABLE_STATUSES = frozenset({RequestStatus.DRAFT, RequestStatus.CORRECTION})
# Every state after the porteur filed the request (what the money rules look at).
FILED_STATUSES = frozenset(RequestStatus) - {RequestStatus.DRAFT}
# States in which decisions may be recorded.
DECIDABLE_STATUSES = frozenset(
    {
        RequestStatus.SUBMITTED,
        RequestStatus.REVIEWING,
        RequestStatus.CORRECTED,
        RequestStatus.OPINION,
    }
)
# States in which the porteur may write its financial report.
REPORTABLE_STATUSES = frozenset(
    {RequestStatus.SIGNED, RequestStatus.PAID, RequestStatus.REPORT_DUE}
)


class Verdict(models.TextChoices):
    FAVOURABLE = "favourable", "Favorable"
    RESERVED = "reserved", "Favorable avec réserves"
    UNFAVOURABLE = "unfavourable", "Défavorable"


class AttachmentKind(models.TextChoices):
    """The documents a Cerfa 12156 application usually carries."""

    STATUTES = "statuts", "Statuts régulièrement déclarés"
    BOARD = "dirigeants", "Liste des dirigeants"
    RIB = "rib", "Relevé d'identité bancaire"
    ACCOUNTS = "comptes", "Derniers comptes approuvés"
    ACTIVITY = "rapport", "Dernier rapport d'activité"
    BUDGET = "budget", "Budget prévisionnel de la structure"
    DELEGATION = "pouvoir", "Pouvoir du signataire (s'il n'est pas le représentant légal)"
    OTHER = "autre", "Autre pièce"


class Account(models.TextChoices):
    """Cerfa 12156 budget accounts: charges (6x, 86) and products (7x, 87)."""

    C60 = "60", "60 — Achats"
    C61 = "61", "61 — Services extérieurs"
    C62 = "62", "62 — Autres services extérieurs"
    C63 = "63", "63 — Impôts et taxes"
    C64 = "64", "64 — Charges de personnel"
    C65 = "65", "65 — Autres charges de gestion courante"
    C66 = "66", "66 — Charges financières"
    C67 = "67", "67 — Charges exceptionnelles"
    C68 = "68", "68 — Dotation aux amortissements"
    C86 = "86", "86 — Emplois des contributions volontaires en nature"
    P70 = "70", "70 — Vente de produits finis, prestations de services"
    P73 = "73", "73 — Dotations et produits de tarification"
    P74 = "74", "74 — Subventions d'exploitation"
    P75 = "75", "75 — Autres produits de gestion courante"
    P76 = "76", "76 — Produits financiers"
    P77 = "77", "77 — Produits exceptionnels"
    P78 = "78", "78 — Reprises sur amortissements et provisions"
    P87 = "87", "87 — Contributions volontaires en nature"

    @property
    def is_charge(self) -> bool:
        return self.value.startswith("6") or self.value == "86"

    @property
    def in_kind(self) -> bool:
        return self.value in {"86", "87"}


class FundEntryKind(models.TextChoices):
    CONTRIBUTION = "contribution", "Abondement"
    EXPENSE = "expense", "Dépense engagée"
