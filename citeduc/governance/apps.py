from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "citeduc.governance"
    verbose_name = "Gouvernance"
