from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "citeduc.funding"
    verbose_name = "Financements"

    def ready(self) -> None:
        from citeduc.funding import kept

        kept.connect()
