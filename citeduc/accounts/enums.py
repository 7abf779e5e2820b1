from django.db import models


class Role(models.TextChoices):
    """A user's role inside one Cité (the national coordination is a flag on the user)."""

    PORTEUR = "porteur", "Porteur de projet"
    MEMBRE_INSTANCE = "membre_instance", "Membre d'instance"
    COORDINATION = "coordination", "Coordination (chargé·e de projet)"
    PILOTE_VILLE = "pilote_ville", "Pilote Ville"
    PILOTE_ETAT = "pilote_etat", "Pilote État (Préfecture)"
    PILOTE_EDUCATION = "pilote_education", "Pilote Éducation nationale"


PILOT_ROLES = frozenset({Role.PILOTE_VILLE, Role.PILOTE_ETAT, Role.PILOTE_EDUCATION})
# Those who may act on everything inside their Cité.
MANAGER_ROLES = PILOT_ROLES | {Role.COORDINATION}
