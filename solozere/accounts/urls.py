from django.urls import path

from solozere.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("mes-donnees/", views.personal_data, name="personal_data"),
    path("mes-donnees/export/", views.personal_data_export, name="personal_data_export"),
    path("mes-donnees/supprimer/", views.account_delete, name="account_delete"),
    path("confirmation/renvoyer/", views.resend_confirmation, name="resend_confirmation"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
    path("agenda/reinitialiser/", views.feed_reset, name="feed_reset"),
    path("jetons-api/", views.api_tokens, name="api_tokens"),
    path("jetons-api/<int:pk>/revoquer/", views.api_token_revoke, name="api_token_revoke"),
]
