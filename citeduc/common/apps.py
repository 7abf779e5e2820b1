from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "citeduc.common"
    verbose_name = "Commun"

    def ready(self) -> None:
        from citeduc.common import lookups, versions

        lookups.register()
        versions.connect()
