from argparse import ArgumentParser
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand

from citeduc.directory.models import Service


class Command(BaseCommand):
    help = "Liste, par structure, les services non mis à jour depuis douze mois (« à vérifier »)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", metavar="SLUG")

    def handle(self, *args: Any, **options: Any) -> None:
        services = Service.objects.stale().select_related("organisation")
        if options["cite"]:
            services = services.filter(organisation__cite__slug=options["cite"])
        services = services.order_by("organisation__name", "updated_on", "name")
        count = 0
        for organisation, rows in groupby(services, key=lambda s: s.organisation):
            self.stdout.write(f"{organisation.name}")
            for service in rows:
                count += 1
                self.stdout.write(
                    f"  - {service.name} (mis à jour le {service.updated_on:%d/%m/%Y})"
                )
        self.stdout.write(f"{count} service(s) à vérifier.")
