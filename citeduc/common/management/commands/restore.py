from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.common.backup import BackupError, fingerprint, restore


class Command(BaseCommand):
    help = (
        "Remplace le contenu de la base par une sauvegarde faite par `backup` (tout ou rien). "
        "--empreinte affiche ensuite lignes et empreinte par table, à comparer à la sauvegarde."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="FICHIER")
        parser.add_argument("--empreinte", action="store_true", help="lignes et SHA-256 par table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Base restaurée depuis {options['file']}"))
        if options["empreinte"]:
            for table, (count, digest) in fingerprint().items():
                self.stdout.write(f"{table};{count};{digest}")
