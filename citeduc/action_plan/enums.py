from django.db import models


class ActionStatus(models.TextChoices):
    PISTE = "piste", "Piste"
    PROGRAMMEE = "programmee", "Programmée"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"


class TimeOfDay(models.TextChoices):
    SCOLAIRE = "scolaire", "Temps scolaire"
    PERISCOLAIRE = "periscolaire", "Temps périscolaire"
    EXTRASCOLAIRE = "extrascolaire", "Temps extrascolaire"


# Themes that national evaluations of the Cités found rarely covered: the coverage analysis
# names them even when the plan forgets them. (label, words that reveal them in an action)
NEGLECTED_THEMES: list[tuple[str, tuple[str, ...]]] = [
    ("Égalité filles-garçons", ("egalite filles", "filles/garcons", "filles-garcons", "genre")),
    ("Santé", ("sante", "depistage", "prevention ars", "soins")),
    ("Sport", ("sport",)),
    ("Culture", ("cultur", "artistique", "lecture", "livre")),
    ("Mobilité", ("mobilite", "transport", "classes vertes", "decouverte", "sejour")),
]
