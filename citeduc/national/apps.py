from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "citeduc.national"
    verbose_name = "Coordination nationale"
