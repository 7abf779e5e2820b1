from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "citeduc.funding"
    verbose_name = "Financements"
