"""Actors, services and schemes that the Besançon convention names (Annex 1, "Ex d'actions" table).

Only what the seed says: no address (positions are the QPV's centre, flagged approximate), no cost,
no age where the seed gives no public. Descriptions paraphrase the seed line they come from.
"""

from dataclasses import dataclass

from citeduc.directory.enums import OrganisationKind as K

ALL = "all"  # every QPV of the Cité
PLANOISE, CLAIRS_SOLEILS = "QN02503M", "QN02505M"


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    kind: K
    acronym: str = ""
    networks: tuple[str, ...] = ()
    qpv: str | None = None  # the one QPV it is placed in, when the seed says so
    description: str = ""


@dataclass(frozen=True)
class Svc:
    org: str
    key: str
    name: str
    description: str
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    type: str = ""
    ages: tuple[int | None, int | None] = (None, None)
    levels: tuple[str, ...] = ()
    qpvs: tuple[str, ...] | str = ALL


@dataclass(frozen=True)
class SchemeData:
    name: str
    acronym: str
    description: str
    porteurs: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    qpvs: tuple[str, ...] | str = ALL


ORGANISATIONS = [
    Org(
        "afev",
        "Association de la fondation étudiante pour la ville",
        K.ASSOCIATION,
        "AFEV",
        description="Mobilise des étudiants bénévoles pour accompagner des enfants et des jeunes.",
    ),
    Org(
        "pari",
        "Association PARI",
        K.ASSOCIATION,
        "PARI",
        description="Association partenaire du CASNAV et de l'Éducation nationale, qui accueille les "
        "parents pour le français langue étrangère et porte un parrainage de proximité.",
    ),
    Org(
        "miroirs",
        "Association Miroirs du Monde",
        K.ASSOCIATION,
        description="Association qui anime un café des parents et produit des documents en FALC "
        "traduits en plusieurs langues.",
    ),
    Org(
        "addsea",
        "ADDSEA — Club de prévention Sauvegarde",
        K.ASSOCIATION,
        "ADDSEA",
        description="Prévention spécialisée dans les quartiers.",
    ),
    Org(
        "cidff",
        "Centre d'information sur les droits des femmes et des familles",
        K.ASSOCIATION,
        "CIDFF",
        networks=("cidff",),
    ),
    Org("mission-locale", "Mission locale", K.MISSION_LOCALE, networks=("mission-locale",)),
    Org("france-travail", "France Travail", K.FRANCE_TRAVAIL, networks=("france-travail",)),
    Org(
        "crij",
        "Centre régional information jeunesse",
        K.ASSOCIATION,
        "CRIJ",
        networks=("reseau-information-jeunesse",),
    ),
    Org(
        "bge",
        "BGE",
        K.ASSOCIATION,
        "BGE",
        networks=("reseau-bge",),
        description="Carrefour de l'entrepreneuriat et des talents des cités.",
    ),
    Org(
        "e2c",
        "École de la deuxième chance",
        K.ENTREPRISE,
        "E2C",
        networks=("ecoles-de-la-deuxieme-chance",),
    ),
    Org("micro-lycee", "Micro Lycée Pergaud", K.ETABLISSEMENT_SCOLAIRE),
    Org(
        "recidev",
        "Récidev",
        K.ASSOCIATION,
        description="Anime des tables de quartier et la journée de la laïcité.",
    ),
    Org("cafe-charlie", "Café Charlie", K.ASSOCIATION),
    Org("radio-sud", "Radio Sud", K.ASSOCIATION),
    Org("pjj", "Protection judiciaire de la jeunesse", K.SERVICE_ETAT, "PJJ", networks=("pjj",)),
    Org(
        "mdq",
        "Maisons de quartier de la Ville de Besançon",
        K.CENTRE_SOCIAL,
        "MDQ",
        networks=("communes",),
    ),
    Org("clj", "CLJ", K.ASSOCIATION),
    Org(
        "casnav",
        "Centre académique pour la scolarisation des allophones et des enfants du voyage",
        K.SERVICE_EDUCATION,
        "CASNAV",
    ),
    Org(
        "anlci",
        "Agence nationale de lutte contre l'illettrisme",
        K.SERVICE_ETAT,
        "ANLCI",
        networks=("anlci",),
        qpv=PLANOISE,
    ),
    Org("udaf", "Union départementale des associations familiales", K.ASSOCIATION, "UDAF"),
    Org(
        "adna",
        "ADNA",
        K.ASSOCIATION,
        qpv=CLAIRS_SOLEILS,
        description="Projet de dépistage neuropsychologique sur le secteur Clairs-Soleils.",
    ),
    Org("caf", "Caisse d'allocations familiales du Doubs", K.CAF, "CAF", networks=("caf",)),
    Org("gbm", "Grand Besançon Métropole", K.INTERCOMMUNALITE, "GBM"),
    Org(
        "mediatheques",
        "Médiathèques de la Ville de Besançon",
        K.STRUCTURE_CULTURELLE,
        networks=("communes",),
    ),
    Org("clubs-sportifs", "Clubs sportifs des quartiers", K.CLUB_SPORTIF),
    Org(
        "ville-education",
        "Ville de Besançon — Direction de l'action éducative",
        K.SERVICE_MUNICIPAL,
        networks=("communes",),
        description="Coordonne les actions éducatives des services de la Ville dans la Cité éducative.",
    ),
    Org(
        "cite",
        "Cité éducative de Besançon — équipe de coordination",
        K.AUTRE,
        description="Les deux chargées de projet opérationnel de la Cité, co-financées par l'État et "
        "la Ville, et les actions que la Cité porte en propre.",
    ),
    Org(
        "ville-sante",
        "Ville de Besançon — Service santé publique",
        K.SERVICE_MUNICIPAL,
        "SSP",
        networks=("communes",),
    ),
    Org(
        "ville-petite-enfance",
        "Ville de Besançon — Antenne petite enfance",
        K.SERVICE_MUNICIPAL,
        networks=("communes",),
    ),
    Org("ars", "Agence régionale de santé", K.SERVICE_ETAT, "ARS"),
    Org(
        "dsden",
        "Direction des services départementaux de l'Éducation nationale du Doubs",
        K.SERVICE_EDUCATION,
        "DSDEN",
    ),
    Org("mlds", "Mission de lutte contre le décrochage scolaire", K.SERVICE_EDUCATION, "MLDS"),
    Org("cms", "Centre médico-social", K.DEPARTEMENT, "CMS", networks=("departements",)),
]

T_PARENT = "famille--soutien-a-la-parentalite-et-a-leducation"
T_FRENCH = "lecture-ecriture-calcul--maitriser-le-francais"

SERVICES = [
    Svc(
        "afev",
        "tutorat",
        "Accompagnement et tutorat par des étudiants",
        "Des étudiants accompagnent des enfants et des jeunes, en renfort du programme de réussite "
        "éducative ; l'expérience de l'AFEV sert à développer un tutorat des plus grands vers les plus "
        "jeunes.",
        ("educ--accompagnement-scolaire", "educ--perseverance-scolaire"),
        ("educ--enfants", "jeunes"),
        "accompagnement",
    ),
    Svc(
        "pari",
        "fle-parents",
        "Français langue étrangère pour les parents",
        "Cours de français pour les parents, pour faciliter le lien avec l'école, en partenariat avec "
        "le CASNAV et l'Éducation nationale.",
        (T_FRENCH, T_PARENT),
        ("educ--parents", "personnes-exilees"),
        "formation",
    ),
    Svc(
        "pari",
        "parrainage",
        "Parrainage de proximité",
        "Projet de parrainage de proximité porté par l'association PARI avec la Cité éducative.",
        ("remobilisation--lien-social", "educ--accompagnement-scolaire"),
        ("educ--enfants", "jeunes"),
        "accompagnement",
    ),
    Svc(
        "miroirs",
        "cafe-parents",
        "Café des parents",
        "Un temps d'échange entre parents, avec une aide en français langue étrangère, pour soutenir la "
        "parentalité et le lien avec l'école.",
        (T_PARENT, T_FRENCH),
        ("educ--parents", "familles"),
        "atelier",
    ),
    Svc(
        "miroirs",
        "falc",
        "Documents en FALC traduits sur le parcours à l'école",
        "Production d'un document facile à lire et à comprendre, traduit en plusieurs langues, sur le "
        "parcours de vie à l'école, avec les associations de primo-arrivants.",
        (
            T_PARENT,
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        ),
        ("educ--parents", "personnes-exilees"),
        "information",
    ),
    Svc(
        "addsea",
        "prevention",
        "Prévention spécialisée",
        "Éducateurs de prévention spécialisée présents dans les quartiers auprès des jeunes.",
        ("educ--harcelement-prevention", "remobilisation--lien-social"),
        ("jeunes",),
        "accompagnement",
        (11, 25),
    ),
    Svc(
        "addsea",
        "caravane",
        "Caravane des pieds d'immeubles",
        "Animations en pied d'immeuble à chaque vacance scolaire puis tout l'été, avec le CLJ.",
        ("educ--loisirs-vacances", "remobilisation--activites-sportives-et-culturelles"),
        ("educ--enfants", "jeunes", "familles"),
        "atelier",
    ),
    Svc(
        "addsea",
        "arbre-palabres",
        "Arbre à palabres",
        "Espace de parole et d'échange proposé par le club Sauvegarde.",
        ("educ--citoyennete-laicite", "remobilisation--lien-social"),
        ("tous-publics",),
        "atelier",
    ),
    Svc(
        "cidff",
        "egalite",
        "Interventions égalité filles-garçons",
        "Interventions du CIDFF auprès des élèves sur l'égalité entre filles et garçons.",
        ("educ--egalite-filles-garcons",),
        ("educ--eleves",),
        "atelier",
        (6, 17),
        ("elementaire", "college"),
    ),
    Svc(
        "mission-locale",
        "orientation",
        "Persévérance et orientation dans les établissements",
        "Interventions de la Mission locale dans les établissements sur la persévérance scolaire et "
        "l'orientation.",
        ("educ--orientation", "educ--perseverance-scolaire"),
        ("jeunes", "educ--eleves"),
        "information",
        (14, 25),
        ("college", "lycee", "hors_scolarite"),
    ),
    Svc(
        "mission-locale",
        "cej",
        "Contrat d'engagement jeune",
        "Accompagnement des jeunes sans emploi ni formation vers l'insertion, avec France Travail.",
        (
            "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
            "se-former--trouver-sa-formation",
        ),
        ("jeunes", "demandeurs-emploi"),
        "accompagnement",
        (16, 25),
        ("hors_scolarite",),
    ),
    Svc(
        "france-travail",
        "orientation",
        "Découverte des métiers dans les établissements",
        "Interventions de France Travail dans les établissements, en lien avec le contrat local des "
        "solidarités.",
        ("educ--orientation", "choisir-un-metier--connaitre-les-opportunites-demploi"),
        ("jeunes", "educ--eleves"),
        "information",
        (14, 25),
        ("college", "lycee"),
    ),
    Svc(
        "crij",
        "info-jeunesse",
        "Information jeunesse",
        "Information des jeunes sur les métiers, la formation et la vie quotidienne.",
        ("educ--orientation", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"),
        ("jeunes",),
        "information",
        (11, 25),
    ),
    Svc(
        "bge",
        "entrepreneuriat",
        "Programme entrepreneuriat des quartiers",
        "Carrefour de l'entrepreneuriat et talents des cités : accompagnement des jeunes qui veulent "
        "créer leur activité.",
        ("creer-une-entreprise--definir-son-projet-de-creation-dentreprise",),
        ("jeunes",),
        "accompagnement",
        (16, 25),
    ),
    Svc(
        "e2c",
        "parcours",
        "Parcours de l'École de la deuxième chance",
        "Formation pour les jeunes sortis du système scolaire sans qualification.",
        ("se-former--trouver-sa-formation", "educ--perseverance-scolaire"),
        ("jeunes",),
        "formation",
        (16, 25),
        ("hors_scolarite",),
    ),
    Svc(
        "micro-lycee",
        "raccrochage",
        "Raccrochage scolaire au micro-lycée",
        "Reprise d'études pour des jeunes qui ont quitté le lycée sans diplôme.",
        ("educ--perseverance-scolaire",),
        ("jeunes",),
        "formation",
        (16, 25),
        ("lycee", "hors_scolarite"),
    ),
    Svc(
        "recidev",
        "laicite",
        "Journée de la laïcité",
        "Chaque année, une journée de la laïcité avec collégiens et lycéens, avec Café Charlie et "
        "Radio Sud.",
        ("educ--citoyennete-laicite",),
        ("educ--eleves",),
        "atelier",
        (11, 18),
        ("college", "lycee"),
    ),
    Svc(
        "recidev",
        "tables",
        "Tables de quartier",
        "Rencontres ouvertes à tous les habitants sur la vie du quartier.",
        ("educ--citoyennete-laicite", "remobilisation--lien-social"),
        ("tous-publics",),
        "atelier",
    ),
    Svc(
        "pjj",
        "expositions",
        "Expositions de prévention",
        "Expositions sur la prévention du harcèlement et le savoir vivre ensemble, prêtées aux écoles, "
        "aux collèges et aux maisons de quartier.",
        ("educ--harcelement-prevention",),
        ("educ--eleves", "educ--professionnels"),
        "information",
        (6, 18),
        ("elementaire", "college"),
    ),
    Svc(
        "mdq",
        "numerique",
        "Ateliers numériques",
        "Ateliers numériques des maisons de quartier.",
        ("numerique--maitriser-les-fondamentaux-du-numerique", "educ--numerique-educatif"),
        ("tous-publics",),
        "atelier",
    ),
    Svc(
        "mdq",
        "ete",
        "Activités de l'été",
        "Les quartiers d'été : un livret des activités de l'été préparé par les maisons de quartier.",
        ("educ--loisirs-vacances",),
        ("educ--enfants", "jeunes", "familles"),
        "atelier",
    ),
    Svc(
        "clj",
        "dechets",
        "Ramassage des déchets",
        "Actions de ramassage des déchets avec les jeunes, dans le parcours écocitoyen.",
        ("educ--ecocitoyennete", "remobilisation--benevolat-action-citoyenne"),
        ("jeunes",),
        "atelier",
    ),
    Svc(
        "casnav",
        "allophones",
        "Scolarisation des élèves allophones",
        "Accueil et accompagnement des élèves nouvellement arrivés, en partenariat avec PARI.",
        (T_FRENCH, "educ--accompagnement-scolaire"),
        ("educ--eleves", "personnes-exilees"),
        "accompagnement",
        (3, 18),
    ),
    Svc(
        "anlci",
        "illettrisme",
        "Lutte contre l'illettrisme à Planoise",
        "Intervention contre l'illettrisme sur Planoise, lien à renforcer avec l'ANLCI.",
        (T_FRENCH,),
        ("educ--parents", "tous-publics"),
        "formation",
        qpvs=(PLANOISE,),
    ),
    Svc(
        "udaf",
        "stages",
        "Stages parentalité",
        "Stages proposés aux familles lorsque des absences répétées sont repérées à l'école.",
        (T_PARENT, "educ--perseverance-scolaire"),
        ("educ--parents",),
        "atelier",
    ),
    Svc(
        "adna",
        "depistage",
        "Dépistage neuropsychologique",
        "Projet de dépistage neuropsychologique des enfants sur le secteur Clairs-Soleils.",
        ("educ--sante-enfant", "sante--sante-mentale"),
        ("educ--enfants",),
        "accompagnement",
        qpvs=(CLAIRS_SOLEILS,),
    ),
    Svc(
        "mediatheques",
        "lecture",
        "Médiathèques et livres",
        "Les médiathèques, partenaires autour du livre et de la lecture.",
        ("educ--lecture-livre",),
        ("tous-publics",),
        "information",
    ),
    Svc(
        "clubs-sportifs",
        "sport-ecoles",
        "Activités sportives dans les établissements",
        "Activités portées par les clubs sportifs dans les établissements scolaires.",
        ("educ--sport",),
        ("educ--eleves",),
        "atelier",
        (6, 18),
    ),
    Svc(
        "cite",
        "croq-livres",
        "Croq'livres",
        "Actions de sensibilisation à la lecture et de lutte contre les discriminations sociales, sur "
        "le temps scolaire et hors scolaire.",
        ("educ--lecture-livre", "educ--egalite-filles-garcons"),
        ("educ--enfants",),
        "atelier",
        (3, 10),
        ("maternelle", "elementaire"),
    ),
    Svc(
        "cite",
        "mediateurs",
        "Médiateurs scolaires",
        "Cinq médiateurs dans les écoles élémentaires, relais d'information entre l'école et les "
        "familles, et travail sur l'absentéisme à Planoise.",
        ("educ--mediation-scolaire", "educ--perseverance-scolaire", T_PARENT),
        ("educ--parents", "educ--eleves"),
        "accompagnement",
        (6, 10),
        ("elementaire",),
        (PLANOISE,),
    ),
    Svc(
        "cite",
        "classes-decouverte",
        "Classes de découverte",
        "Aide aux classes de découverte, classes vertes et séjours d'intégration en 6e ; fonds de "
        "transports pour sortir plus.",
        ("educ--sorties-decouverte",),
        ("educ--eleves",),
        "aide-financiere",
        (6, 14),
        ("elementaire", "college"),
    ),
    Svc(
        "cite",
        "parcours-culturels",
        "Parcours culturels",
        "Parcours culturels proposés aux écoles, dès la maternelle.",
        ("educ--culture",),
        ("educ--eleves",),
        "atelier",
        (3, 10),
        ("maternelle", "elementaire"),
    ),
    Svc(
        "ville-sante",
        "prevention-sante",
        "Actions de prévention santé",
        "Actions de prévention du service santé publique de la Ville avec l'ARS.",
        ("educ--sante-enfant",),
        ("educ--enfants", "familles"),
        "information",
    ),
    Svc(
        "ville-petite-enfance",
        "maternelle",
        "Interventions petite enfance en maternelle",
        "L'antenne petite enfance intervient en maternelle pour faciliter la première scolarisation.",
        ("educ--premiere-scolarisation", T_PARENT),
        ("educ--parents", "educ--enfants"),
        "accompagnement",
        (2, 5),
        ("petite_enfance", "maternelle"),
    ),
    Svc(
        "dsden",
        "tps",
        "Scolarisation des moins de trois ans",
        "Travail de la DSDEN et des centres médico-sociaux pour favoriser la scolarisation en toute "
        "petite section.",
        ("educ--premiere-scolarisation",),
        ("educ--parents", "educ--enfants"),
        "information",
        (2, 3),
        ("petite_enfance", "maternelle"),
    ),
    Svc(
        "mlds",
        "decrochage",
        "Prévention du décrochage scolaire",
        "Mise en lien avec la mission de lutte contre le décrochage scolaire et la cellule "
        "d'évitement scolaire.",
        ("educ--perseverance-scolaire",),
        ("educ--eleves", "jeunes"),
        "accompagnement",
        (11, 18),
        ("college", "lycee"),
    ),
]

SCHEMES = [
    SchemeData(
        "Programme de réussite éducative",
        "PRE",
        "Renforcé par la Cité éducative ; intervient contre l'absentéisme et le décrochage.",
        (),
        ("afev:tutorat",),
    ),
    SchemeData(
        "Ouvrir l'école aux parents pour la réussite des enfants",
        "OEPRE",
        "Opération que l'annexe 1 propose d'étendre.",
        (),
        ("pari:fle-parents",),
    ),
    SchemeData(
        "Internat de la cité éducative",
        "",
        "Internat commun à deux collèges (28 élèves en 2024), à consolider et ouvrir aux autres collèges.",
        ("dsden",),
    ),
    SchemeData(
        "Médiateurs scolaires",
        "",
        "Cinq médiateurs dans les écoles élémentaires ; travail à consolider sur Planoise.",
        ("cite",),
        ("cite:mediateurs",),
        (PLANOISE,),
    ),
    SchemeData(
        "Classes de découverte",
        "",
        "Classes transplantées, classes vertes et séjours d'intégration en 6e.",
        ("cite",),
        ("cite:classes-decouverte",),
    ),
    SchemeData("Bouge Plus", "", "Rencontres sportives et sorties culturelles."),
    SchemeData(
        "Croq'livres", "", "Sensibilisation à la lecture.", ("cite",), ("cite:croq-livres",)
    ),
    SchemeData(
        "Contrat d'engagement jeune",
        "CEJ",
        "Avec la Mission locale et France Travail.",
        ("mission-locale", "france-travail"),
        ("mission-locale:cej",),
    ),
    SchemeData(
        "Fonds de transports",
        "",
        "Bons de transport pour sortir du quartier.",
        ("cite",),
        ("cite:classes-decouverte",),
    ),
    SchemeData(
        "Parcours culturels",
        "",
        "Généralisés, dès la maternelle.",
        ("cite",),
        ("cite:parcours-culturels",),
    ),
]
