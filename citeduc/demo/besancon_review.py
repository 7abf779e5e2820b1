"""The 2025 annual review of the demo, in draft: demonstration text for the six parts of the
national questionnaire, written for citeduc (it is not Besançon's real review)."""

YEAR = 2025
DEMO = "Texte de démonstration. "

ANSWERS = {
    "gouvernance": (
        "Le COPIL restreint s'est réuni chaque trimestre ; la triade a arrêté la programmation "
        "en mars.",
        "Le comité technique ne s'est pas réuni en formation complète.",
        "Fixer un calendrier annuel des instances dès janvier.",
    ),
    "deploiement": (
        "Les actions des trois axes sont programmées dans les six quartiers.",
        "Plusieurs comptes-rendus financiers restent attendus.",
        "Relancer les porteurs avant l'échéance du 30 juin.",
    ),
    "relations_cites": (
        "Échanges avec les Cités éducatives de la région sur l'internat éducatif.",
        "",
        "Organiser une rencontre régionale des coordinations.",
    ),
    "communication": (
        "Les supports des actions portent les logos des partenaires et la mention de l'ANCT.",
        "",
        "",
    ),
    "gestion_financiere": (
        "Le fonds de la Cité est abondé à parts égales par le P147 et le P230.",
        "La part minimale d'ingénierie n'est pas encore fixée.",
        "Fixer la part d'ingénierie dans la prochaine note d'exécution.",
    ),
    "evaluation": (
        "Le protocole relie chaque objectif à des indicateurs.",
        "Les données d'absentéisme arrivent tard dans l'année.",
        "Convenir d'un calendrier de transmission avec la DSDEN.",
    ),
}

COOPERATION = "Les chefs de file se réunissent chaque mois avec les coordinatrices."
PATHWAYS = "Les actions sont lues par tranche d'âge, de la petite enfance à l'insertion."
