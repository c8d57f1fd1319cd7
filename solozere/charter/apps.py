from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "solozere.charter"
    verbose_name = "Charte qualité"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Every row of this app may show on a cached public page: any change bumps its version.
        cache_version.watch("charter", *self.get_models())
        # Registries of the apps below: they call the charter without importing it.
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.charter import hooks, personal_data
        from solozere.places.hooks import register_place_check, register_place_panel

        register_place_check(hooks.check_label)
        register_place_panel("detail", hooks.label_panel)
        register_place_panel("manager_dashboard", hooks.manager_dashboard_panel)
        register_place_panel("manager_edit", hooks.manager_edit_panel)
        register_personal_data(
            "charter",
            label=_("Adhésions des lieux à la charte"),
            why=_("Les demandes d'adhésion à la charte que vous avez envoyées pour un lieu : l'historique du label."),
            export=personal_data.charter_personal_data,
            relations=personal_data.RELATIONS,
        )
