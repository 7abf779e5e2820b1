from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.directory.data_inclusion import export_cite
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = "Écrit structures.json et services.json au format data·inclusion (v1) pour une Cité."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--output", required=True, type=Path, metavar="DOSSIER")

    def handle(self, *args: Any, **options: Any) -> None:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        structures, services = export_cite(cite, options["output"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{structures} structures et {services} services écrits dans {options['output']}."
            )
        )
