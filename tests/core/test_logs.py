"""A refusal or a missing page is one line in the log, without a traceback; a server error keeps its traceback."""

import logging

from django.test import Client


def _request_records(caplog) -> list[logging.LogRecord]:  # type: ignore[no-untyped-def]
    return [record for record in caplog.records if record.name == "django.request"]


def _formatted(record: logging.LogRecord) -> str:
    return logging.Formatter("%(levelname)s %(message)s").format(record)


def test_a_permission_denied_is_one_line_with_method_path_and_user(client: Client, staff_user, caplog) -> None:  # type: ignore[no-untyped-def]
    # Users are read-only for staff (ADR 0005): the admin raises PermissionDenied, which Django logs with exc_info.
    client.force_login(staff_user)
    with caplog.at_level(logging.WARNING):
        response = client.get("/gestion/accounts/user/add/")
    assert response.status_code == 403
    [record] = _request_records(caplog)
    line = _formatted(record)
    assert line == f"WARNING 403 GET /gestion/accounts/user/add/ user={staff_user.pk}"
    assert "\n" not in line and "Traceback" not in line


def test_a_missing_page_is_one_line_too(client: Client, db, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.WARNING):
        response = client.post("/page-qui-n-existe-pas/?q=1")
    assert response.status_code == 404
    [record] = _request_records(caplog)
    assert _formatted(record) == "WARNING 404 POST /page-qui-n-existe-pas/ user=-"


def test_a_server_error_keeps_its_traceback(rf) -> None:  # type: ignore[no-untyped-def]
    from solozere.core.logs import OneLine

    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", (), None)
        record.exc_info = (RuntimeError, error, error.__traceback__)
        record.status_code = 500
        record.request = rf.get("/")
    assert OneLine().filter(record)
    assert "Traceback" in _formatted(record)
