from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "solozere.accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        # Imported here: the models load only once the app registry is ready.
        from solozere.accounts import api_tokens, feeds

        feeds.register()
        api_tokens.register()
