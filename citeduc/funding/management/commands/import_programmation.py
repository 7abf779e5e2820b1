from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.funding.programmation_import import import_programmation
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = (
        "Importe la programmation d'une année (CSV, une ligne par action × financeur). "
        "Tout ou rien, idempotent ; --dry-run valide sans écrire."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        report = import_programmation(
            options["file"], cite, options["year"], dry_run=options["dry_run"]
        )
        self.stdout.write(
            self.style.SUCCESS(f"Programmation : {report.summary(dry_run=options['dry_run'])}")
        )
