from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "solozere.events"
    verbose_name = "Agenda et événements"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Events show on cached public pages (the agenda, place pages): any change bumps the version.
        cache_version.watch("events", *self.get_models())

        # Registries of the apps below: they show events without importing this app.
        from solozere.events import hooks_place
        from solozere.places.hooks import register_place_panel

        register_place_panel("detail", hooks_place.next_events_panel)
        register_place_panel("head", hooks_place.feed_link)
        register_place_panel("manager_dashboard", hooks_place.manager_dashboard_panel)
