from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from citeduc.funding.reminders import remind


class Command(BaseCommand):
    help = (
        "Passe en « compte-rendu attendu » les demandes versées d'une année close et relance "
        "les porteurs dont le compte-rendu financier approche de l'échéance ou est en retard. "
        "À lancer chaque jour (cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Date du jour à utiliser (AAAA-MM-JJ).")
        parser.add_argument("--dry-run", action="store_true", help="Affiche sans rien envoyer.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(f"Date invalide : {options['date']!r} (AAAA-MM-JJ).") from error
        run = remind(today or timezone.localdate(), dry_run=options["dry_run"])
        prefix = "[simulation] " if options["dry_run"] else ""
        for grant in run.now_due:
            self.stdout.write(f"{prefix}Compte-rendu désormais attendu : {grant}")
        for grant in run.reminded:
            self.stdout.write(f"{prefix}Relance envoyée : {grant}")
        self.stdout.write(
            f"{prefix}{len(run.now_due)} demande(s) passée(s) en attente de compte-rendu, "
            f"{len(run.reminded)} relance(s)."
        )
