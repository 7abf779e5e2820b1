from django.apps import AppConfig


class DeliberationsConfig(AppConfig):
    name = "citeduc.deliberations"
    verbose_name = "Délibérations du conseil"
