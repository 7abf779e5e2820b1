from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "citeduc.directory"
    verbose_name = "Annuaire des acteurs (cartographie)"
