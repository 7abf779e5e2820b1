import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from citeduc.demo.national import AlreadyGenerated, generate


class Command(BaseCommand):
    help = (
        "Génère un jeu de données national synthétique (≈ 250 Cités, 600 QPV, 120 actions par "
        "Cité et par an, plus d'un million de mesures) pour mesurer citeduc à l'échelle "
        "nationale. Tout ou rien, dans une base sans jeu synthétique ; même graine, mêmes lignes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cites", type=int, default=250, help="nombre de Cités (250)")
        parser.add_argument("--years", type=int, default=3, help="années de label (3)")
        parser.add_argument("--seed", type=int, default=1, help="graine du hasard (1)")
        parser.add_argument(
            "--actions", type=int, default=120, help="actions par Cité et par an (120)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        try:
            counts = generate(
                cites=options["cites"],
                years=options["years"],
                seed=options["seed"],
                actions=options["actions"],
                progress=lambda text: self.stdout.write(f"  {text}"),
            )
        except (AlreadyGenerated, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if connection.vendor == "postgresql":
            # Planner statistics for the new rows, before anyone reads them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for name, number in sorted(counts.rows.items()):
            self.stdout.write(f"{number:>10} {name}")
        elapsed = time.perf_counter() - start
        self.stdout.write(
            self.style.SUCCESS(f"Jeu national : {counts.total} lignes en {elapsed:.0f} s.")
        )
