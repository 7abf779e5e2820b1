from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.funding.scdl import export
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = "Écrit les décisions hors État d'une année au format SCDL Subventions, validé avant."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        count = export(cite, options["year"], options["output"])
        self.stdout.write(
            self.style.SUCCESS(f"{count} décision(s) écrite(s) dans {options['output']}.")
        )
