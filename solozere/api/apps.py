from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "solozere.api"
    verbose_name = "API et données ouvertes"

    def ready(self) -> None:
        from solozere.api import hooks
        from solozere.places.hooks import register_place_panel

        register_place_panel("manager_dashboard", hooks.manager_opendata_panel)
