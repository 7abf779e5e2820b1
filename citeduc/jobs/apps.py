from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "citeduc.jobs"
    verbose_name = "Imports et travaux longs"

    def ready(self) -> None:
        from citeduc.jobs import output_views

        output_views.connect()
