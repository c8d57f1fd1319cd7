from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "solozere.bookings"
    verbose_name = "Réservations et présence"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Bookings, presence and their totals show on cached public pages: any change bumps the version.
        cache_version.watch("bookings", *self.get_models())

        # Registries of the apps below: they call bookings without importing it.
        from django.utils.translation import gettext_lazy as _

        from solozere.accounts.personal_data import register_personal_data
        from solozere.bookings import hooks, hooks_presence, personal_data, personal_data_presence
        from solozere.bookings.calendar import register_feeds
        from solozere.places.hooks import register_place_panel

        register_feeds()
        from solozere.bookings.services import SEATS_FREED
        from solozere.bookings.services_waitlist import offer_freed_seats

        SEATS_FREED.append(offer_freed_seats)
        register_place_panel("detail", hooks.detail_panel)
        register_place_panel("manager_dashboard", hooks.manager_dashboard_panel)
        register_place_panel("detail", hooks_presence.presence_panel)
        register_place_panel("manager_dashboard", hooks_presence.manager_dashboard_panel)
        register_personal_data(
            "bookings",
            label=_("Réservations"),
            why=_(
                "Vos réservations de postes, de bureaux et de salles dans les lieux du réseau : le lieu en a besoin "
                "pour vous accueillir et pour facturer. À la suppression du compte, elles restent sans votre nom."
            ),
            export=personal_data.bookings_personal_data,
            anonymise=personal_data.bookings_anonymise,
            relations=personal_data.RELATIONS,
        )
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
