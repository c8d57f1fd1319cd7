from django.apps import AppConfig


class FortunesConfig(AppConfig):
    name = "benchmarks.fortunes"
    label = "bench_fortunes"
    default_auto_field = "django.db.models.AutoField"
