from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.reviews import operations, report
from citeduc.reviews.models import AnnualReview
from citeduc.territory.models import CiteEducative

FORMATS = ("pdf", "docx", "html")


class Command(BaseCommand):
    help = (
        "Produit le rapport de la revue annuelle de projet d'une Cité (PDF, DOCX ou HTML) à "
        "partir de ses derniers chiffres figés. Une revue en brouillon sans chiffres figés est "
        "figée d'abord ; --figer fige à nouveau un brouillon avant de produire le rapport."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", required=True, metavar="SLUG")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, type=Path, metavar="FICHIER")
        parser.add_argument("--figer", action="store_true", help="figer à nouveau un brouillon")
        parser.add_argument(
            "--masque",
            action="store_true",
            help="masquer les petits effectifs (copie destinée hors de la Cité)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cite = CiteEducative.objects.filter(slug=options["cite"]).first()
        if cite is None:
            raise CommandError(f"Cité inconnue : {options['cite']}")
        year = options["year"]
        try:
            review = AnnualReview.objects.filter(cite=cite, year=year).first()
            review = review or operations.open_review(cite, year)
        except operations.ReviewError as error:
            raise CommandError(str(error)) from error
        taken = operations.latest(review)
        if taken is None or (options["figer"] and not review.is_locked):
            taken, changes = operations.freeze(review, None)
            self.stdout.write(f"Chiffres figés (n° {taken.number}, {len(changes)} changement(s)).")
        built = report.build(review, taken, exact=not options["masque"])
        output: Path = options["output"]
        if options["format"] == "pdf":
            output.write_bytes(report.pdf_document(built))
        elif options["format"] == "docx":
            output.write_bytes(report.docx_document(built))
        else:
            output.write_text(report.html_document(built), encoding="utf-8")
        self.stdout.write(
            f"{built.title} — {cite.name} : {output} ({output.stat().st_size} octets)"
        )
