from django.db import models


class ReviewStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    VALIDATED = "validee", "Validée par les trois pilotes"
    TRANSMITTED = "transmise", "Transmise à la coordination nationale"


class ReviewPart(models.TextChoices):
    """The six parts of the national questionnaire of the revue de projet (since 2022)."""

    GOVERNANCE = "gouvernance", "Gouvernance"
    DEPLOYMENT = "deploiement", "Déploiement opérationnel"
    NETWORK = "relations_cites", "Relations entre Cités éducatives"
    COMMUNICATION = "communication", "Communication"
    FINANCE = "gestion_financiere", "Gestion financière"
    EVALUATION = "evaluation", "Évaluation"


class ChecklistItem(models.TextChoices):
    """What Article 9 asks the ANCT to receive before a year's P147 credits are delegated."""

    CONVENTION = "convention", "Convention cadre signée"
    PROTOCOL = "protocole", "Protocole de suivi et d'évaluation ajusté"
    REVIEW = "revue", "Documents opérationnel et financier de la revue de l'année précédente"
