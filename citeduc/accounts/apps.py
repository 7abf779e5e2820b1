from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "citeduc.accounts"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        # The login journal listens to Django's and django-axes's login signals: the events
        # happen inside their code, so a signal is the only place to hear them.
        from citeduc.accounts import journal

        journal.connect()
