from django.apps import AppConfig


class AccompanimentConfig(AppConfig):
    name = "solozere.accompaniment"
    verbose_name = "Accompagnement des projets"
