"""Well-formed import files, the starting point of the import tests and of the fuzzers."""

# import_programmation: one row per action × funder.
PROGRAMMATION_HEADER = (
    "action;objectif;porteur;siret;qpv;financeur;montant_demande;montant_accorde;ingenierie\n"
)
PROGRAMMATION_ALPHA = (
    "Ateliers lecture du mercredi;1;Association Alpha;73282932000074;QN02503M|QN02505M"
)
PROGRAMMATION_ROWS = [
    f"{PROGRAMMATION_ALPHA};P147;12 500,00;12 000,00;non",
    f"{PROGRAMMATION_ALPHA};VILLE;5000.00;5000;non",
    "Coordination des collectifs;"
    "Renforcer les alliances éducatives à l'interne et avec les partenaires;"
    "Cité éducative;;QN02503M;P147;40 000;40 000;oui",
]

# import_measurements
MEASUREMENTS_HEADER = "indicateur;periode;qpv;sexe;tranche_age;valeur;numerateur;denominateur\n"
