from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from citeduc.territory.importers import import_annuaire_file


class Command(BaseCommand):
    help = (
        "Importe l'export officiel de l'Annuaire de l'éducation (CSV séparé par des « ; », UTF-8). "
        "Tout ou rien, idempotent (clé : UAI) ; --dry-run valide sans écrire."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--commune",
            action="append",
            metavar="INSEE",
            help="ne garder que cette commune (code INSEE) ; répétable",
        )
        parser.add_argument("--dry-run", action="store_true", help="valider sans rien écrire")

    def handle(self, *args: Any, **options: Any) -> None:
        report = import_annuaire_file(
            options["file"], communes=options["commune"], dry_run=options["dry_run"]
        )
        summary = report.summary(dry_run=options["dry_run"])
        self.stdout.write(self.style.SUCCESS(f"Établissements : {summary}"))
