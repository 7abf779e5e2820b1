from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "citeduc.portal"
    verbose_name = "Accueil et navigation"
