from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "solozere.accounts"
    verbose_name = "Comptes"
