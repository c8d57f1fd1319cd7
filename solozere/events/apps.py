from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "solozere.events"
    verbose_name = "Agenda et événements"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Events show on cached public pages (the agenda, place pages): any change bumps the version.
        cache_version.watch("events", *self.get_models())
