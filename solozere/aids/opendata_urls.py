"""/opendata/aides/: the aids in open data (included from config/urls.py)."""

from django.urls import path

from solozere.aids import views

app_name = "aids_opendata"

urlpatterns = [
    path("", views.opendata_index, name="index"),
    path("dispositifs.csv", views.opendata_schemes_csv, name="schemes-csv"),
    path("subventions.csv", views.opendata_grants_csv, name="grants-csv"),
]
