from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "citeduc.common"
    verbose_name = "Commun"
