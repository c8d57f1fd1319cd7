from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "solozere.backoffice"
    verbose_name = "Back office"
