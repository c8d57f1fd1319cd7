from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "solozere.places"
    verbose_name = "Lieux"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Every row of this app may show on a cached public page: any change bumps its version.
        cache_version.watch("places", *self.get_models())
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.accounts.roles import Role, register_role_check
        from solozere.places import personal_data

        register_role_check(
            Role.PLACE_MANAGER,
            lambda user: user.managed_places.exists(),
            scope=lambda user: user.managed_places.order_by("name"),
        )
        register_personal_data(
            "places",
            label=_("Lieux"),
            why=_("Les lieux que vous gérez et les corrections que vous avez proposées : pour tenir la carte à jour."),
            export=personal_data.places_personal_data,
            anonymise=personal_data.places_personal_data_anonymise,
            relations=personal_data.RELATIONS,
        )
