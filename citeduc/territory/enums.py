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
