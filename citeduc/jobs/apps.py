from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "citeduc.jobs"
    verbose_name = "Imports et travaux longs"
