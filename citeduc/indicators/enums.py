from django.db import models


class IndicatorKind(models.TextChoices):
    SUIVI = "suivi", "Suivi"
    RESULTAT = "resultat", "Résultat"
    IMPACT = "impact", "Impact"


class Unit(models.TextChoices):
    COUNT = "count", "Effectif"
    PERCENTAGE = "percentage", "Pourcentage"
    RATE = "rate", "Taux (numérateur / dénominateur)"
    EUROS = "euros", "Euros"


class Breakdown(models.TextChoices):
    """The dimensions an indicator must be reported by (its measurements carry them)."""

    SEX = "sexe", "Sexe"
    AGE_BAND = "tranche_age", "Tranche d'âge"
    QPV = "qpv", "QPV"
    TIME_OF_DAY = "temps", "Temps de l'enfant"


class Sex(models.TextChoices):
    GIRLS = "F", "Filles"
    BOYS = "G", "Garçons"


class Frequency(models.TextChoices):
    YEARLY = "annuelle", "Annuelle"
    SCHOOL_YEAR = "scolaire", "Par année scolaire"
    QUARTERLY = "trimestrielle", "Trimestrielle"


class Reporter(models.TextChoices):
    COORDINATION = "coordination", "Coordination de la Cité"
    PORTEURS = "porteurs", "Porteurs de projet"
    EDUCATION = "education", "Éducation nationale (données agrégées)"
    CITEDUC = "citeduc", "Calculé par citeduc"


class Origin(models.TextChoices):
    ENTERED = "saisie", "Saisie"
    IMPORTED = "import", "Import"
    DERIVED = "calcul", "Calculée par citeduc"
