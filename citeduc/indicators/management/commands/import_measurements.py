from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.indicators.collect import COLUMNS, OPTIONAL_COLUMNS, import_measurements
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = (
        "Importe des mesures d'indicateurs (CSV ; colonnes "
        f"{';'.join(COLUMNS)}, et si besoin {';'.join(OPTIONAL_COLUMNS)}). "
        "Tout ou rien, idempotent ; --dry-run valide sans écrire."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        report = import_measurements(options["file"], cite, dry_run=options["dry_run"])
        self.stdout.write(
            self.style.SUCCESS(f"Mesures : {report.summary(dry_run=options['dry_run'])}")
        )
