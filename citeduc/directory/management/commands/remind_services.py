from typing import Any

from django.core.management.base import BaseCommand

from citeduc.directory import freshness


class Command(BaseCommand):
    help = (
        "Demande aux éditeurs de confirmer leurs services après 6 mois et signale à la "
        "coordination les services non confirmés depuis un an (à lancer chaque jour)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = freshness.run()
        self.stdout.write(
            f"{result.reminded_services} service(s) à confirmer, "
            f"{result.reminded_people} éditeur(s) relancé(s) ; "
            f"{result.flagged_services} service(s) signalé(s) à vérifier."
        )
