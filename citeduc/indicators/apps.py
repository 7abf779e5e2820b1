from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "citeduc.indicators"
    verbose_name = "Évaluation et tableaux de bord"

    def ready(self) -> None:
        from citeduc.indicators import freshness, warm

        freshness.connect()
        warm.connect()
