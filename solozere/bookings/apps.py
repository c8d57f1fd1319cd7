from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "solozere.bookings"
    verbose_name = "Réservations et présence"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Bookings, presence and their totals show on cached public pages: any change bumps the version.
        cache_version.watch("bookings", *self.get_models())
