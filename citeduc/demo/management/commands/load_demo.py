from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from citeduc.demo.loading import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Charge la Cité éducative de Besançon (convention 2024-2026). Idempotent. "
        "Les comptes de démonstration ne sont créés que si CITEDUC_DEMO=1."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo(with_accounts=settings.CITEDUC_DEMO)
        cite = result.cite
        counts = f"{cite.qpvs.count()} QPV, {cite.establishments.count()} établissements"
        self.stdout.write(self.style.SUCCESS(f"{cite.name} : {counts}."))
        organisations, services, schemes = result.directory
        self.stdout.write(
            f"Annuaire : {organisations} structures, {services} services, {schemes} dispositifs."
        )
        axes, objectives, priorities, done, pistes = result.plan
        self.stdout.write(
            f"Plan : {axes} axes, {objectives} objectifs, {priorities} priorités, "
            f"{done} actions 2024, {pistes} pistes 2025-2026."
        )
        envelopes, requests = result.funding
        self.stdout.write(
            f"Financements : {envelopes} enveloppes P147, fonds de la cité, "
            f"{requests} demandes 2025 (données de démonstration)."
        )
        bodies, meetings = result.governance
        self.stdout.write(
            f"Gouvernance : {bodies} instances (art. 4 et 14), {meetings} réunions 2025 "
            "(données de démonstration)."
        )
        self.stdout.write(
            f"Délibération n° {result.deliberation} du conseil municipal (séance du 12/12/2024)."
        )
        indicators, measurements = result.indicators
        self.stdout.write(
            f"Évaluation : {indicators} indicateurs liés aux objectifs, {measurements} mesures "
            "(calculées par citeduc ou de démonstration)."
        )
        self.stdout.write(f"Revue de projet 2025 en brouillon, chiffres figés n° {result.review}.")
        if result.accounts:
            self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
            for email, label in result.accounts:
                self.stdout.write(f"  {email:45} {label}")
