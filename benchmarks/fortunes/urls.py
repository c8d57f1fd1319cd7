"""The product's URLs plus /fortunes/ (benchmark only: selected by benchmarks/load_settings.py)."""

from django.urls import path

from benchmarks.fortunes.views import fortunes
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the product's error pages
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("fortunes/", fortunes, name="fortunes"), *product_urlpatterns]
