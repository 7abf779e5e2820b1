from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.directory.data_inclusion import import_files
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = (
        "Charge des fichiers data·inclusion (structures et services). Tout ou rien, idempotent "
        "(clé : source + id) ; --dry-run valide sans écrire."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--structures", required=True, type=Path)
        parser.add_argument("--services", required=True, type=Path)
        parser.add_argument(
            "--cite", metavar="SLUG", help="Cité des structures (sinon citeduc_cite)"
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cite = None
        if options["cite"]:
            cite = CiteEducative.objects.filter(slug=options["cite"]).first()
            if cite is None:
                raise CommandError(f"Cité inconnue : {options['cite']}")
        summary = import_files(
            options["structures"], options["services"], cite=cite, dry_run=options["dry_run"]
        )
        prefix = "Simulation (--dry-run), rien n'a été écrit. " if options["dry_run"] else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}Structures : {summary.structures}. Services : {summary.services}."
            )
        )
