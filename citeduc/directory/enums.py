from django.db import models


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", "Association"
    SERVICE_MUNICIPAL = "service_municipal", "Service municipal"
    INTERCOMMUNALITE = "intercommunalite", "Intercommunalité"
    CENTRE_SOCIAL = "centre_social", "Centre social, maison de quartier"
    CAF = "caf", "Caisse d'allocations familiales"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    ETABLISSEMENT_SCOLAIRE = "etablissement_scolaire", "Établissement scolaire"
    SERVICE_EDUCATION = "service_education", "Service de l'Éducation nationale"
    SERVICE_ETAT = "service_etat", "Service de l'État"
    DEPARTEMENT = "departement", "Département"
    CLUB_SPORTIF = "club_sportif", "Club sportif"
    STRUCTURE_CULTURELLE = "structure_culturelle", "Structure culturelle, médiathèque"
    ENTREPRISE = "entreprise", "Entreprise, structure d'insertion"
    AUTRE = "autre", "Autre"


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    TO_CHECK = "to_check", "À vérifier"
    CLOSED = "closed", "Fermé"


class SchoolLevel(models.TextChoices):
    PETITE_ENFANCE = "petite_enfance", "Petite enfance (avant l'école)"
    MATERNELLE = "maternelle", "École maternelle"
    ELEMENTAIRE = "elementaire", "École élémentaire"
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée"
    POST_BAC = "post_bac", "Après le bac"
    HORS_SCOLARITE = "hors_scolarite", "Jeunes hors scolarité"
