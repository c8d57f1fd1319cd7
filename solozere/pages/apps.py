from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "solozere.pages"
    verbose_name = "Pages du site"
