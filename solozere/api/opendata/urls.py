"""/opendata/ (included from config/urls.py): every open-data export, places and aids."""

from django.urls import path

from solozere.api.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.opendata_index, name="index"),
    path("lieux.csv", views.places_csv, name="places-csv"),
    path("lieux.geojson", views.places_geojson, name="places-geojson"),
    path("aides/", views.aids_index, name="aids"),
    path("aides/dispositifs.csv", views.aid_schemes_csv, name="aid-schemes-csv"),
    path("aides/subventions.csv", views.aid_grants_csv, name="aid-grants-csv"),
]
