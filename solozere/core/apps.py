from django.apps import AppConfig

from solozere.core.files import connect_file_cleanup
from solozere.core.uploads import configure_pillow


class CoreConfig(AppConfig):
    name = "solozere.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        # Every model is loaded by now: the file fields of every app are found through the registry.
        connect_file_cleanup()
        configure_pillow()
