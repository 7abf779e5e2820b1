from django.db import models


class EstablishmentKind(models.TextChoices):
    ECOLE_MATERNELLE = "ecole_maternelle", "École maternelle"
    ECOLE_ELEMENTAIRE = "ecole_elementaire", "École élémentaire"
    ECOLE_PRIMAIRE = "ecole_primaire", "École primaire"
    COLLEGE = "college", "Collège"
    LYCEE_GENERAL = "lycee_general", "Lycée d'enseignement général et technologique"
    LYCEE_PROFESSIONNEL = "lycee_professionnel", "Lycée professionnel"
    LYCEE_POLYVALENT = "lycee_polyvalent", "Lycée polyvalent"
    AUTRE = "autre", "Autre établissement"


class Sector(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVE = "prive", "Privé"


class PriorityEducation(models.TextChoices):
    REP_PLUS = "rep_plus", "REP+"
    REP = "rep", "REP"
    NONE = "none", "Hors éducation prioritaire"
    # The convention names some schools only as "hors REP+", which leaves REP open.
    UNKNOWN = "unknown", "Non précisé"


class CiteRole(models.TextChoices):
    """The place of an establishment in a Cité (convention, art. 2)."""

    CHEF_DE_FILE = "chef_de_file", "Collège chef de file"
    MEMBRE = "membre", "Membre"
    ASSOCIE = "associe", "Établissement associé"


class Role(models.TextChoices):
    """The role a person holds inside one Cité (``accounts.Membership``); the national
    coordination is a flag on the user, not a role in a Cité."""

    PORTEUR = "porteur", "Porteur de projet"
    MEMBRE_INSTANCE = "membre_instance", "Membre d'instance"
    COORDINATION = "coordination", "Coordination (chargé·e de projet)"
    PILOTE_VILLE = "pilote_ville", "Pilote Ville"
    PILOTE_ETAT = "pilote_etat", "Pilote État (Préfecture)"
    PILOTE_EDUCATION = "pilote_education", "Pilote Éducation nationale"


PILOT_ROLES = frozenset({Role.PILOTE_VILLE, Role.PILOTE_ETAT, Role.PILOTE_EDUCATION})
# Those who may act on everything inside their Cité.
MANAGER_ROLES = PILOT_ROLES | {Role.COORDINATION}
