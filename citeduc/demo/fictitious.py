"""Two structures that do not exist, with complete services, so that a visitor of the demo
sees what a complete card, a complete guide page and a distance search look like.

The seed (the Besançon convention) gives no contact for its real actors, and none is invented
for them. These two are labelled « données de démonstration » in their names; their e-mail
addresses are at example.org, their phone numbers in the range ARCEP keeps for fiction
(03 53 01 xx xx), their addresses are made up and placed inside two of the Cité's QPV."""

from dataclasses import dataclass

from citeduc.demo.besancon_directory import CLAIRS_SOLEILS, PLANOISE

LABEL = "données de démonstration"


@dataclass(frozen=True)
class FictitiousOrg:
    key: str
    name: str
    address: str
    position: tuple[float, float]
    phone: str
    email: str
    hours: str


@dataclass(frozen=True)
class FictitiousService:
    org: str
    key: str
    name: str
    description: str
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    ages: tuple[int | None, int | None]
    qpv: str
    phone: str
    email: str
    hours: str
    cost: str
    modes: tuple[str, ...] = ("en-presentiel",)
    mobilisation: tuple[str, ...] = ("telephoner", "se-presenter")
    at_home: bool = False
    on_appointment: bool = False
    cost_details: str = ""
    how_to_access: str = ""


ORGANISATIONS = [
    FictitiousOrg(
        "demo-petits-curieux",
        f"Les Petits Curieux ({LABEL})",
        "12 rue de l'Exemple",
        (47.22110, 5.96890),
        "+33353010001",
        "contact@petits-curieux.example.org",
        "Mo-Fr 09:00-12:00,14:00-18:30",
    ),
    FictitiousOrg(
        "demo-ludotheque",
        f"Ludothèque du Pont ({LABEL})",
        "3 place Imaginaire",
        (47.24890, 6.05480),
        "+33353010002",
        "bonjour@ludotheque-du-pont.example.org",
        "We 14:00-18:00; Sa 10:00-12:00",
    ),
]

SERVICES = [
    FictitiousService(
        "demo-petits-curieux",
        "devoirs",
        f"Aide aux devoirs du soir ({LABEL})",
        "Après la classe, des animateurs et des bénévoles accompagnent les écoliers dans leurs "
        "devoirs, puis proposent un temps de lecture et de jeux.",
        ("educ--accompagnement-scolaire", "educ--lecture-livre"),
        ("educ--enfants", "educ--eleves"),
        (6, 11),
        PLANOISE,
        "+33353010011",
        "devoirs@petits-curieux.example.org",
        "Mo,Tu,Th,Fr 16:30-18:30",
        "gratuit",
        how_to_access="Inscription auprès de l'association, au téléphone ou sur place.",
    ),
    FictitiousService(
        "demo-petits-curieux",
        "parents-ecole",
        f"Accompagnement des parents dans la scolarité ({LABEL})",
        "Une médiatrice rencontre les parents chez eux pour expliquer l'école, préparer un "
        "rendez-vous avec l'enseignant ou remplir un dossier.",
        ("educ--mediation-scolaire", "famille--soutien-a-la-parentalite-et-a-leducation"),
        ("educ--parents", "familles"),
        (None, None),
        PLANOISE,
        "+33353010012",
        "mediation@petits-curieux.example.org",
        "Tu,Th 09:00-12:00",
        "gratuit",
        modes=(),
        mobilisation=("telephoner", "envoyer-un-courriel"),
        at_home=True,
        on_appointment=True,
    ),
    FictitiousService(
        "demo-ludotheque",
        "jeux-famille",
        f"Jeux en famille ({LABEL})",
        "Plus de 800 jeux à découvrir sur place avec ses enfants, et à emprunter.",
        ("educ--loisirs-vacances", "famille--soutien-a-la-parentalite-et-a-leducation"),
        ("educ--enfants", "educ--parents"),
        (0, 12),
        CLAIRS_SOLEILS,
        "+33353010021",
        "bonjour@ludotheque-du-pont.example.org",
        "We 14:00-18:00; Sa 10:00-12:00",
        "payant",
        cost_details="Adhésion de 5 € par an et par famille ; le jeu sur place est libre.",
        mobilisation=("se-presenter",),
    ),
]
