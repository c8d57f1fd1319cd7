from django.apps import AppConfig


class AccompanimentConfig(AppConfig):
    name = "solozere.accompaniment"
    verbose_name = "Accompagnement des projets"

    def ready(self) -> None:
        from solozere.core import cache_version

        # The public statistics count requests, parts and answers: any change bumps the version of their page.
        cache_version.watch("accompaniment", *self.get_models())
