from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.indicators.derive import derive_measurements
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = "Recalcule les indicateurs que citeduc tire de ses propres données, pour une année."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        written = derive_measurements(cite, options["year"])
        self.stdout.write(self.style.SUCCESS(f"{written} mesure(s) calculée(s)."))
