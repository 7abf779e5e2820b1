from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.accounts.models import ApiToken, User
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = (
        "Crée un jeton d'API en lecture seule pour un utilisateur (toutes ses Cités, ou une "
        "seule avec --cite) ; le jeton n'est affiché qu'une fois."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="jeton", help="libellé du jeton")
        parser.add_argument(
            "--cite", default="", help="limiter le jeton à une Cité (son identifiant d'adresse)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].lower()).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur avec l'adresse {options['email']}.")
        cite = None
        if options["cite"]:
            cite = CiteEducative.objects.filter(slug=options["cite"]).first()
            if cite is None:
                raise CommandError(f"Aucune Cité « {options['cite']} ».")
        _token, raw = ApiToken.issue(user, options["name"], cite=cite)
        self.stdout.write(raw)
