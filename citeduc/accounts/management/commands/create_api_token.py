from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from citeduc.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Crée un jeton d'API pour un utilisateur ; le jeton n'est affiché qu'une fois."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="jeton", help="libellé du jeton")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].lower()).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur avec l'adresse {options['email']}.")
        _token, raw = ApiToken.issue(user, options["name"])
        self.stdout.write(raw)
