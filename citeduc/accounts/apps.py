from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "citeduc.accounts"
    verbose_name = "Comptes et rôles"
