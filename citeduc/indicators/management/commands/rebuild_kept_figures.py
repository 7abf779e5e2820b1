from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from citeduc.common import versions
from citeduc.funding import kept as kept_money
from citeduc.indicators import kept as kept_findings
from citeduc.territory.models import CiteEducative


class Command(BaseCommand):
    help = (
        "Recalcule depuis les lignes sources les chiffres tenus : sommes demandées, accordées et "
        "versées par Cité, financeur et année ; oublie les constats des règles gardés (ils sont "
        "rejugés à la lecture suivante). --check compare sans rien écrire."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cite", metavar="SLUG", help="une seule Cité (toutes sinon)")
        parser.add_argument(
            "--check", action="store_true", help="comparer et signaler, sans rien écrire"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cites = CiteEducative.objects.order_by("slug")
        if options["cite"]:
            cites = cites.filter(slug=options["cite"])
            if not cites.exists():
                raise CommandError(f"Cité inconnue : {options['cite']}")
        ids = list(cites.values_list("pk", flat=True))
        if options["check"]:
            self._check(cites)
            return
        with transaction.atomic():
            done = kept_money.rebuild(ids)
            forgotten = kept_findings.forget(ids)
            for cite_id in ids:
                versions.changed(cite_id)
        self.stdout.write(
            f"{done} Cité(s) : chiffres financiers recalculés ; {forgotten} jeu(x) de constats "
            "oublié(s), rejugé(s) à la prochaine lecture."
        )

    def _check(self, cites: Any) -> None:
        differing = [c for c in cites if kept_money.kept(c.pk) != kept_money.recompute(c.pk)]
        for cite in differing:
            self.stdout.write(f"Chiffres financiers tenus différents des sources : {cite.slug}")
        if differing:
            raise CommandError(f"{len(differing)} Cité(s) à recalculer (sans --check).")
        self.stdout.write(f"{cites.count()} Cité(s) : chiffres tenus égaux aux sources.")
