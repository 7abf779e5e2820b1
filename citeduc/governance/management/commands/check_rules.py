import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.funding.rules import euros, percent
from citeduc.governance.loaders import check_all
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = (
        "Vérifie les règles de la convention pour une Cité et une année : "
        "périmètre (R-PER-2), financements (R-FUND-…) et gouvernance (R-GOV-…)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        totals, findings = check_all(cite, options["year"])
        if options["json"]:
            payload = {
                "cite": cite.slug,
                "year": options["year"],
                "totals": totals.as_json(),
                "findings": [finding.as_json() for finding in findings],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{cite.name}, {options['year']}")
        self.stdout.write(f"  Enveloppe P147 : {euros(totals.envelope_p147)}")
        self.stdout.write(
            f"  P147 décidé : {euros(totals.p147_decided)} ; "
            f"part P147 du fonds : {euros(totals.fund_p147)}"
        )
        self.stdout.write(
            f"  Budget global : {euros(totals.global_budget)} ; "
            f"hors État : {percent(totals.non_state_share)}"
        )
        for finding in findings:
            self.stdout.write(f"  [{finding.rule}] {finding.severity.label} : {finding.message}")
        if not findings:
            self.stdout.write("  Aucune alerte.")
