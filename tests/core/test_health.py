import pytest
from django.test import override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


@pytest.mark.django_db
def test_healthz_checks_the_database_and_the_pages(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "pages": "ok"}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_healthz_fails_when_the_static_manifest_is_missing(client, tmp_path):
    # collectstatic never ran: every page would answer 500, so the health check must not say ok.
    with override_settings(STORAGES=MANIFEST_STORAGES, STATIC_ROOT=tmp_path):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "pages": "error"}


@pytest.mark.django_db
def test_healthz_is_ok_under_the_manifest_storage_once_collectstatic_ran(client, tmp_path):
    from django.core.management import call_command

    with override_settings(STORAGES=MANIFEST_STORAGES, STATIC_ROOT=tmp_path, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["pages"] == "ok"
