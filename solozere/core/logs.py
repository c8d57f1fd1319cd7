"""Logging filters."""

import logging


class OneLine(logging.Filter):
    """Turns a 4xx record of django.request into one line, `403 GET /path user=12`, without the traceback.

    Django logs a PermissionDenied with its traceback (exc_info): for a refusal that is the expected answer, that is
    noise that hides the real errors. 5xx records keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if status is None or not 400 <= status < 500 or request is None:
            return True
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "-"
        record.msg = "%s %s %s user=%s"
        record.args = (status, request.method, request.path, user_id)
        record.exc_info = None
        record.exc_text = None
        return True
