from django.db import models


class Civility(models.TextChoices):
    M = "M.", "M."
    MME = "Mme", "Mme"
    NONE = "", "—"


class Ballot(models.TextChoices):
    PUBLIC = "public", "Vote à main levée ou public"
    SECRET = "secret", "Scrutin secret"


class Convocation(models.IntegerChoices):
    FIRST = 1, "Première convocation"
    SECOND = 2, "Seconde convocation (sans condition de quorum)"


# The ACTES nomenclature, level 2 (code → "matière/sous-matière"), for DELIB_MATIERE_NOM.
ACTES = {
    "1.1": "Commande publique/Marchés publics",
    "1.2": "Commande publique/Délégation de service public",
    "1.3": "Commande publique/Conventions de mandat",
    "1.4": "Commande publique/Autres types de contrats",
    "1.5": "Commande publique/Transactions protocole d'accord transactionnel",
    "1.6": "Commande publique/Maîtrise d'œuvre",
    "1.7": "Commande publique/Actes spéciaux et divers",
    "2.1": "Urbanisme/Documents d'urbanisme",
    "2.2": "Urbanisme/Actes relatifs au droit d'occupation ou d'utilisation des sols",
    "2.3": "Urbanisme/Droit de préemption urbain",
    "3.1": "Domaine et patrimoine/Acquisitions",
    "3.2": "Domaine et patrimoine/Aliénations",
    "3.3": "Domaine et patrimoine/Locations",
    "3.4": "Domaine et patrimoine/Limites territoriales",
    "3.5": "Domaine et patrimoine/Autres actes de gestion du domaine public",
    "3.6": "Domaine et patrimoine/Autres actes de gestion du domaine privé",
    "4.1": "Fonction publique/Personnels titulaires et stagiaires de la FPT",
    "4.2": "Fonction publique/Personnels contractuels",
    "4.3": "Fonction publique/Fonction publique hospitalière",
    "4.4": "Fonction publique/Autres catégories de personnels",
    "4.5": "Fonction publique/Régime indemnitaire",
    "5.1": "Institutions et vie politique/Election exécutif",
    "5.2": "Institutions et vie politique/Fonctionnement des assemblées",
    "5.3": "Institutions et vie politique/Désignation de représentants",
    "5.4": "Institutions et vie politique/Délégation de fonctions",
    "5.5": "Institutions et vie politique/Délégation de signature",
    "5.6": "Institutions et vie politique/Exercice des mandats locaux",
    "5.7": "Institutions et vie politique/Intercommunalité",
    "5.8": "Institutions et vie politique/Décision d'ester en justice",
    "6.1": "Libertés publiques et pouvoirs de police/Police municipale",
    "6.2": "Libertés publiques et pouvoirs de police/Pouvoir du président du conseil général",
    "6.3": "Libertés publiques et pouvoirs de police/Pouvoir du président du conseil régional",
    "6.4": "Libertés publiques et pouvoirs de police/Autres actes réglementaires",
    "6.5": "Libertés publiques et pouvoirs de police/Actes pris au nom de l'État",
    "7.1": "Finances locales/Décisions budgétaires",
    "7.2": "Finances locales/Fiscalité",
    "7.3": "Finances locales/Emprunts",
    "7.4": "Finances locales/Interventions économiques",
    "7.5": "Finances locales/Subventions",
    "7.6": "Finances locales/Contributions budgétaires",
    "7.7": "Finances locales/Avances",
    "7.8": "Finances locales/Fonds de concours",
    "7.9": "Finances locales/Prise de participation",
    "7.10": "Finances locales/Divers",
    "8.1": "Domaines de compétences par thèmes/Enseignement",
    "8.2": "Domaines de compétences par thèmes/Aide sociale",
    "8.3": "Domaines de compétences par thèmes/Voirie",
    "8.4": "Domaines de compétences par thèmes/Aménagement du territoire",
    "8.5": "Domaines de compétences par thèmes/Politique de la ville-habitat-logement",
    "8.6": "Domaines de compétences par thèmes/Emploi-formation professionnelle",
    "8.7": "Domaines de compétences par thèmes/Transports",
    "8.8": "Domaines de compétences par thèmes/Environnement",
    "8.9": "Domaines de compétences par thèmes/Culture",
    "9.1": "Autres domaines de compétences/Autres domaines de compétences des communes",
    "9.2": "Autres domaines de compétences/Autres domaines de compétences des départements",
    "9.3": "Autres domaines de compétences/Autres domaines de compétences des régions",
    "9.4": "Autres domaines de compétences/Vœux et motions",
}
