"""The starter catalogue: indicators a Cité éducative uses, with codes shared by every Cité so
that the national coordination can add them up.

The ones marked ``derived`` are computed by citeduc from its own data (``derive.py``); the others
are entered by the coordination, the porteurs or from the aggregated figures the Éducation
nationale supplies. Nothing here is about a named child (R-EVAL-2).
"""

from dataclasses import dataclass, field

from citeduc.indicators.enums import Breakdown, Frequency, IndicatorKind, Reporter, Unit

SEX, AGE, QPV = Breakdown.SEX.value, Breakdown.AGE_BAND.value, Breakdown.QPV.value


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    definition: str
    kind: IndicatorKind
    unit: Unit
    breakdowns: list[str] = field(default_factory=list)
    source: str = ""
    frequency: Frequency = Frequency.YEARLY
    reported_by: Reporter = Reporter.COORDINATION
    derived_from: str = ""
    higher_is_better: bool = True


CATALOGUE: list[Entry] = [
    Entry(
        "PUBLIC_TOUCHE",
        "Enfants et jeunes des QPV touchés par les actions",
        "Somme des publics déclarés dans les comptes-rendus financiers des actions de l'année, "
        "par QPV, sexe et tranche d'âge (effectifs agrégés).",
        IndicatorKind.SUIVI,
        Unit.COUNT,
        [QPV, SEX, AGE],
        "Comptes-rendus financiers (Cerfa 15059) saisis dans citeduc",
        reported_by=Reporter.CITEDUC,
        derived_from="public_touche",
    ),
    Entry(
        "PART_FILLES",
        "Part des filles parmi le public touché (égalité filles-garçons)",
        "Filles touchées / enfants et jeunes touchés, par QPV.",
        IndicatorKind.RESULTAT,
        Unit.RATE,
        [QPV],
        "Comptes-rendus financiers saisis dans citeduc",
        reported_by=Reporter.CITEDUC,
        derived_from="part_filles",
    ),
    Entry(
        "ACTIONS_PROGRAMMEES",
        "Actions programmées dans l'année",
        "Actions de l'année programmées, en cours ou réalisées (hors pistes et abandons).",
        IndicatorKind.SUIVI,
        Unit.COUNT,
        source="Plan d'actions citeduc",
        reported_by=Reporter.CITEDUC,
        derived_from="actions_programmees",
    ),
    Entry(
        "MONTANT_ACCORDE",
        "Crédits accordés aux actions",
        "Somme des décisions de financement de l'année, tous financeurs de la Cité.",
        IndicatorKind.SUIVI,
        Unit.EUROS,
        source="Décisions de financement citeduc",
        reported_by=Reporter.CITEDUC,
        derived_from="montant_accorde",
    ),
    Entry(
        "PART_HORS_ETAT",
        "Part des cofinancements hors État dans le budget global",
        "Financements hors État / budget global de la Cité (seuil de 30 %, art. 12).",
        IndicatorKind.SUIVI,
        Unit.PERCENTAGE,
        source="Règles de financement citeduc (R-FUND-4)",
        reported_by=Reporter.CITEDUC,
        derived_from="part_hors_etat",
    ),
    Entry(
        "REUNIONS_TENUES",
        "Réunions des instances tenues",
        "Réunions tenues dans l'année, toutes instances de la Cité.",
        IndicatorKind.SUIVI,
        Unit.COUNT,
        source="Calendrier des instances citeduc",
        reported_by=Reporter.CITEDUC,
        derived_from="reunions_tenues",
    ),
    Entry(
        "PARENTS_IMPLIQUES",
        "Parents impliqués dans les actions",
        "Parents ayant participé à au moins une action de soutien à la parentalité.",
        IndicatorKind.SUIVI,
        Unit.COUNT,
        [QPV, SEX],
        "Bilans des porteurs",
        reported_by=Reporter.PORTEURS,
    ),
    Entry(
        "CLASSES_DECOUVERTE",
        "Départs en classes de découverte par élève (mobilité)",
        "Élèves partis en classe de découverte / élèves des écoles et collèges de la Cité.",
        IndicatorKind.RESULTAT,
        Unit.RATE,
        [QPV],
        "Écoles et collèges, DSDEN",
        Frequency.SCHOOL_YEAR,
        Reporter.EDUCATION,
    ),
    Entry(
        "INTERNAT_PLACES",
        "Places d'internat occupées",
        "Places d'internat occupées par des élèves de la Cité / places offertes.",
        IndicatorKind.RESULTAT,
        Unit.RATE,
        [SEX],
        "Collèges et lycées, DSDEN",
        Frequency.SCHOOL_YEAR,
        Reporter.EDUCATION,
    ),
    Entry(
        "ABSENTEISME",
        "Taux d'absentéisme scolaire",
        "Élèves absents plus de quatre demi-journées non justifiées par mois / élèves inscrits, "
        "tel que l'Éducation nationale le transmet en agrégé.",
        IndicatorKind.RESULTAT,
        Unit.RATE,
        [QPV, AGE],
        "Éducation nationale (données agrégées)",
        Frequency.SCHOOL_YEAR,
        Reporter.EDUCATION,
        higher_is_better=False,
    ),
    Entry(
        "BILANS_SANTE",
        "Enfants ayant bénéficié d'un dépistage ou d'un bilan de santé",
        "Enfants dépistés (vue, audition, langage, bucco-dentaire) dans les actions santé.",
        IndicatorKind.SUIVI,
        Unit.COUNT,
        [QPV, SEX, AGE],
        "Porteurs des actions santé, PMI, santé scolaire",
        reported_by=Reporter.PORTEURS,
    ),
    Entry(
        "PRATIQUE_SPORTIVE",
        "Jeunes pratiquant une activité sportive encadrée",
        "Enfants et jeunes inscrits à une activité sport de la Cité ou licenciés d'un club.",
        IndicatorKind.RESULTAT,
        Unit.COUNT,
        [QPV, SEX, AGE],
        "Porteurs, clubs, service des sports",
        reported_by=Reporter.PORTEURS,
    ),
    Entry(
        "PARCOURS_CULTURE",
        "Enfants engagés dans un parcours d'éducation artistique et culturelle",
        "Enfants et jeunes ayant suivi un parcours culturel (lecture, pratique artistique, "
        "sortie culturelle) d'au moins trois séances.",
        IndicatorKind.RESULTAT,
        Unit.COUNT,
        [QPV, SEX, AGE],
        "Porteurs, médiathèques, conservatoire",
        reported_by=Reporter.PORTEURS,
    ),
    Entry(
        "DNB_REUSSITE",
        "Taux de réussite au diplôme national du brevet",
        "Admis au DNB / présents, collèges de la Cité.",
        IndicatorKind.IMPACT,
        Unit.RATE,
        [SEX],
        "Éducation nationale (données agrégées)",
        Frequency.SCHOOL_YEAR,
        Reporter.EDUCATION,
    ),
    Entry(
        "JEUNES_SANS_SOLUTION",
        "Jeunes de 16 à 25 ans sans solution accompagnés vers une formation ou un emploi",
        "Jeunes décrocheurs repérés et accompagnés (plateforme de suivi, mission locale).",
        IndicatorKind.IMPACT,
        Unit.COUNT,
        [QPV, SEX],
        "Mission locale, plateforme de suivi et d'appui aux décrocheurs",
        reported_by=Reporter.PORTEURS,
    ),
]

BY_CODE = {entry.code: entry for entry in CATALOGUE}
