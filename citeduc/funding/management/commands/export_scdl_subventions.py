from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.funding.scdl import export
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = (
        "Écrit au format SCDL Subventions, validé, les subventions d'un financeur (la Ville par "
        "défaut) pour une année, et dit chaque décision écartée avec sa raison."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument(
            "--attribuant",
            metavar="CODE",
            help="code du financeur qui attribue (VILLE, CAF…) ; la Ville par défaut",
        )

    def handle(self, *args: Any, **options: Any) -> str:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        found = export(cite, options["year"], options["output"], options["attribuant"])
        report = "\n".join(found.report())
        self.stdout.write(self.style.SUCCESS(f"Écrit dans {options['output']}."))
        return report
