from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from citeduc.territory.importers import import_qpv_file


class Command(BaseCommand):
    help = (
        "Importe la liste des QPV (CSV ou GeoJSON du format national 2024). "
        "Tout ou rien, idempotent ; --dry-run valide sans écrire."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="fichier .csv, .geojson ou .json")
        parser.add_argument("--dry-run", action="store_true", help="valider sans rien écrire")

    def handle(self, *args: Any, **options: Any) -> None:
        report = import_qpv_file(options["file"], dry_run=options["dry_run"])
        self.stdout.write(self.style.SUCCESS(f"QPV : {report.summary(dry_run=options['dry_run'])}"))
