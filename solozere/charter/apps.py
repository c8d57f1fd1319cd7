from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "solozere.charter"
    verbose_name = "Charte qualité"

    def ready(self) -> None:
        # Registries of the apps below: they call the charter without importing it.
        from solozere.charter import hooks
        from solozere.places.hooks import register_place_check, register_place_panel

        register_place_check(hooks.check_label)
        register_place_panel("detail", hooks.label_panel)
        register_place_panel("manager_dashboard", hooks.manager_dashboard_panel)
        register_place_panel("manager_edit", hooks.manager_edit_panel)
