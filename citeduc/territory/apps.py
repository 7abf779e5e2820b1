from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "citeduc.territory"
    verbose_name = "Territoire"
