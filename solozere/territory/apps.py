from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "solozere.territory"
    verbose_name = "Territoire"

    def ready(self) -> None:
        from solozere.core import cache_version

        # Communes and zones show on cached public pages (lists, simulator): any change bumps this version.
        cache_version.watch("territory", *self.get_models())
