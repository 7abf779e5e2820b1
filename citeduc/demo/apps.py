from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "citeduc.demo"
    verbose_name = "Démonstration (Besançon)"
