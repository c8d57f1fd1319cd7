from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "solozere.core"
    verbose_name = "Socle"
