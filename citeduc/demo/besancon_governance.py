"""The bodies of Article 4 of the Besançon convention, and the 2025 meetings of its COPIL.

The bodies and their members come from the seed (art. 4 and 14): offices and institutions,
names only where the seed gives one. The meetings are demonstration data: their dates, places,
agendas and minutes are made up to show the tool, and every page says so.
"""

from datetime import date, time

from citeduc.governance.enums import BodyKind, DecisionKind, Frequency

# (office, name, institution)
Member = tuple[str, str, str]

MAIRE: Member = ("Maire de Besançon", "Anne Vignot", "Ville de Besançon")
IA: Member = ("Inspecteur d'Académie (DASEN du Doubs)", "", "Éducation nationale")
PREFET: Member = ("Préfet du Doubs", "", "Préfecture du Doubs")
PILOTS = [MAIRE, IA, PREFET]

CHEFS_DE_FILE: list[Member] = [
    ("Chef de file Éducation nationale, principal du collège Diderot", "", "Éducation nationale"),
    ("Chef de file Ville", "", "Ville de Besançon"),
    ("Chef de file État", "", "Préfecture du Doubs"),
]
GBM: Member = ("Représentant de Grand Besançon Métropole", "", "Grand Besançon Métropole")
PROJECT_LEAD: Member = (
    "Chargée de projet opérationnel de la Cité éducative",
    "",
    "Ville de Besançon",
)

# Art. 4: "le comité de pilotage élargi aux principaux partenaires".
EXTENDED: list[Member] = [
    ("Représentant", "", "Grand Besançon Métropole"),
    ("Représentant", "", "Conseil départemental du Doubs"),
    ("Représentant", "", "Conseil régional Bourgogne-Franche-Comté"),
    ("Représentant", "", "CAF du Doubs"),
    ("Élus", "", "Ville de Besançon"),
    ("Têtes de réseaux associatifs", "", "Associations"),
    ("Pilotes de dispositifs partenariaux", "", "Partenaires"),
    ("Inspecteurs de l'Éducation nationale (IEN)", "", "Éducation nationale"),
    ("Enseignants et personnels d'éducation", "", "Éducation nationale"),
    ("Conseillers citoyens", "", "Conseils citoyens"),
    ("Fédérations de parents d'élèves", "", "Parents d'élèves"),
    ("Délégués de classe", "", "Élèves"),
]

# Art. 14: the review the Préfet organises with the academic and municipal services.
REVIEW: list[Member] = [
    PREFET,
    ("Autorités académiques", "", "Rectorat de l'académie de Besançon"),
    ("Municipalité", "", "Ville de Besançon"),
]

# (kind, name, frequency, role, members)
BODIES = [
    (
        BodyKind.COPIL_RESTREINT,
        "Comité de pilotage restreint",
        Frequency.QUARTERLY,
        "Les trois pilotes de la Cité : la Maire, l'Inspecteur d'Académie et le Préfet "
        "(art. 4). Au moins une réunion par trimestre et en tant que de besoin.",
        PILOTS,
    ),
    (
        BodyKind.COPIL_ELARGI,
        "Comité de pilotage élargi",
        Frequency.YEARLY,
        "Présentation, promotion et suivi de la stratégie éducative, avec les principaux "
        "partenaires (art. 4). Une réunion par an.",
        PILOTS + EXTENDED,
    ),
    (
        BodyKind.COMITE_TECHNIQUE,
        "Comité technique",
        Frequency.AS_NEEDED,
        "À l'échelle de la ville, les représentants des trois chefs de file et de GBM : sujets "
        "transversaux d'animation et répartition des crédits de la Cité (art. 4).",
        [*CHEFS_DE_FILE, GBM],
    ),
    (
        BodyKind.REVUE_PROJET,
        "Revue annuelle de projet",
        Frequency.YEARLY,
        "Organisée en fin d'année par le préfet avec les services académiques et la collectivité "
        "(art. 14).",
        REVIEW,
    ),
]

COLLECTIF_ROLE = (
    "Organisé autour des réseaux d'écoles et des collèges du quartier, sous la responsabilité des "
    "chefs de file, avec les services de l'État, la commune, GBM et les associations (art. 4)."
)
COLLECTIF_MEMBERS = [PROJECT_LEAD, *CHEFS_DE_FILE]

# Demonstration: the 2025 meetings of the two COPIL. The first one is the "COPIL du 14/03/2025"
# that the demo programmation's decisions cite.
MEETING_PLACE = "Hôtel de Ville de Besançon (démonstration)"
START, END = time(14, 0), time(16, 0)
DEMO_MEETINGS_2025 = [
    (
        BodyKind.COPIL_RESTREINT,
        date(2025, 3, 14),
        [
            "Bilan de l'année 2024",
            "Programmation 2025 : avis du comité technique et décisions",
            "Calendrier de l'année",
        ],
    ),
    (
        BodyKind.COPIL_RESTREINT,
        date(2025, 6, 20),
        ["Suivi de la programmation 2025", "Préparation de la rentrée scolaire"],
    ),
    (
        BodyKind.COPIL_RESTREINT,
        date(2025, 9, 26),
        ["Rentrée 2025 dans les six quartiers", "Premiers comptes rendus d'actions"],
    ),
    (
        BodyKind.COPIL_RESTREINT,
        date(2025, 12, 12),
        ["Préparation de la revue de projet", "Orientations 2026"],
    ),
    (
        BodyKind.COPIL_ELARGI,
        date(2025, 11, 21),
        ["Présentation de la stratégie éducative", "Les actions 2025 par quartier"],
    ),
]
DEMO_MINUTES = (
    "Compte rendu de démonstration : ce texte montre où s'écrit le compte rendu d'une "
    "réunion ; il ne rapporte pas une réunion réelle."
)
DEMO_DECISION = (
    DecisionKind.FUNDING,
    "Décision de démonstration : la programmation 2025 est validée, avec les montants "
    "accordés par chaque financeur.",
)
