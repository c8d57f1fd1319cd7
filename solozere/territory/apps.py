from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "solozere.territory"
    verbose_name = "Territoire"
