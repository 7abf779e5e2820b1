import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from citeduc.common.importing import read_text
from citeduc.deliberations.extract import ExtractError, parse
from citeduc.deliberations.importing import ImportRefused, save


class Command(BaseCommand):
    help = (
        "Importe un extrait du registre des délibérations (texte) : séance, présences par "
        "question, procurations, délibération et vote, avec les contrôles R-DELIB-1 à 4."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--siret", default="", help="SIRET de la collectivité")
        parser.add_argument("--matiere", default="", help="code matière ACTES, par ex. 8.5")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            extract = parse(read_text(path), source=path.name)
        except ExtractError as error:
            raise CommandError(
                "Extrait illisible, rien n'a été écrit :\n"
                + "\n".join(f"  - {line}" for line in error.errors)
            ) from error
        try:
            with transaction.atomic():
                outcome = save(extract, siret=options["siret"], subject_code=options["matiere"])
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ImportRefused as error:
            raise CommandError(f"{path.name} : {error} ; rien n'a été écrit.") from error
        except ValidationError as error:  # a model check, such as the SIRET key
            raise CommandError(
                f"{path.name} : {' ; '.join(error.messages)} ; rien n'a été écrit."
            ) from error
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False, indent=2))
            return
        d, t = extract.deliberation, outcome.tally
        prefix = "Simulation (--dry-run), rien n'a été écrit. " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{extract.council}, séance du {extract.sitting_date:%d/%m/%Y} : "
            f"délibération n° {d.number} (question n° {d.item})."
        )
        self.stdout.write(
            f"  {t.members_in_office} en exercice, {len(t.present)} présents, "
            f"{len(t.represented)} représentés, {len(t.absent)} absents non représentés, "
            f"{t.voters} votants ; pour {d.votes.for_}, contre {d.votes.against}, "
            f"abstention {d.votes.abstention} ; quorum {'atteint' if t.quorum else 'NON atteint'}"
            f", {'adoptée' if t.adopted else 'non adoptée'}."
        )
        for warning in extract.warnings:
            self.stdout.write(f"  Attention : {warning}")
        for finding in outcome.findings:
            self.stdout.write(f"  [{finding.rule}] {finding.severity.label} : {finding.message}")
