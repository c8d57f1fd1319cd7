from django.urls import path

from solozere.api import views

app_name = "opendata"

urlpatterns = [
    path("", views.opendata_index, name="index"),
    path("lieux.csv", views.places_csv, name="places-csv"),
]
