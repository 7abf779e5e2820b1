from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.common.backup import BackupError, backup, fingerprint


class Command(BaseCommand):
    help = (
        "Sauvegarde toute la base dans FICHIER : archive pg_dump (format custom) pour "
        "PostgreSQL, copie à chaud pour SQLite. --empreinte affiche lignes et empreinte par table."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="FICHIER")
        parser.add_argument("--empreinte", action="store_true", help="lignes et SHA-256 par table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = options["file"].stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Sauvegarde écrite : {options['file']} ({size} octets)")
        )
        if options["empreinte"]:
            for table, (count, digest) in fingerprint().items():
                self.stdout.write(f"{table};{count};{digest}")
