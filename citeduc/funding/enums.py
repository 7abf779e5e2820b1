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
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposée"
    REVIEWING = "reviewing", "En instruction"
    GRANTED = "granted", "Accordée"
    REFUSED = "refused", "Refusée"
    CLOSED = "closed", "Soldée"


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


class Severity(models.TextChoices):
    BLOCKING = "blocking", "Bloquant"
    WARNING = "warning", "Alerte"
