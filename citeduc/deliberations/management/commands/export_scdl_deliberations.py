from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from citeduc.deliberations.scdl import export


class Command(BaseCommand):
    help = (
        "Exporte les délibérations au format SCDL Délibérations, validé contre le schéma "
        "officiel avant l'écriture."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", default="", metavar="SIRET", help="un seul conseil")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        count = export(options["output"], options["council"])
        self.stdout.write(
            self.style.SUCCESS(f"{count} délibération(s) exportée(s) dans {options['output']}.")
        )
