"""Applies the retention periods of docs/rgpd.md; a dry run unless --appliquer is given."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citeduc.accounts import purge


class Command(BaseCommand):
    help = (
        "Supprime les comptes inutilisés au-delà de la durée de conservation (ou, s'ils ont agi, "
        "ne garde que leur nom comme auteur de leurs actes) et le journal des connexions ancien. "
        "Simulation par défaut."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--appliquer", action="store_true", help="écrire pour de bon")
        parser.add_argument("--mois", type=int, help="durée d'inactivité (défaut : réglage)")
        parser.add_argument("--json", action="store_true", help="résultat en JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        result = purge.plan(months=options["mois"])
        if options["appliquer"]:
            purge.apply(result)
        if options["json"]:
            payload = {
                "applied": options["appliquer"],
                "inactive_since": result.cutoff.isoformat(),
                "deleted": result.deleted,
                "retired": result.retired,
                "login_events": result.journal,
                "lockout_records": result.lockouts,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        verb = "supprimé(s)" if options["appliquer"] else "à supprimer (simulation)"
        self.stdout.write(
            f"Comptes inutilisés depuis le {result.cutoff:%d/%m/%Y} : "
            f"{len(result.deleted)} {verb}, {len(result.retired)} gardé(s) comme auteurs de "
            f"leurs actes ; {result.journal} événement(s) de connexion et "
            f"{result.lockouts} tentative(s) anciennes."
        )
        for email in result.deleted:
            self.stdout.write(f"  - supprimé : {email}")
        for email in result.retired:
            self.stdout.write(f"  - retiré, nom gardé comme auteur : {email}")
        if not options["appliquer"]:
            self.stdout.write("Simulation : rien n'a été écrit. Relancez avec --appliquer.")
