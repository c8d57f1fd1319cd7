from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "solozere.places"
    verbose_name = "Lieux"

    def ready(self) -> None:
        from solozere.accounts.roles import Role, register_role_check

        register_role_check(
            Role.PLACE_MANAGER,
            lambda user: user.managed_places.exists(),
            scope=lambda user: user.managed_places.order_by("name"),
        )
