from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "solozere.api"
    verbose_name = "API et données ouvertes"
