from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "solozere.bookings"
    verbose_name = "Réservations et présence"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Bookings, presence and their totals show on cached public pages: any change bumps the version.
        cache_version.watch("bookings", *self.get_models())

        # Presence: registries of the apps below, which call it without importing it.
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.bookings import hooks_presence, personal_data_presence
        from solozere.places.hooks import register_place_panel

        register_place_panel("detail", hooks_presence.presence_panel)
        register_place_panel("manager_dashboard", hooks_presence.manager_dashboard_panel)
        register_personal_data(
            "bookings_presence",
            label=_("Présences dans les lieux et trajet évité"),
            why=_(
                "Les jours où vous avez signalé votre présence dans un lieu (« j'y suis ») et la commune du site de "
                "votre employeur : pour dire aux autres membres qui est là, si vous le choisissez, et compter le "
                "trajet que le réseau vous évite."
            ),
            export=personal_data_presence.presence_personal_data,
            anonymise=personal_data_presence.presence_personal_data_anonymise,
            relations=personal_data_presence.RELATIONS,
        )
