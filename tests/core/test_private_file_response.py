"""core.uploads.private_file_response: the type from the bytes, and what may be shown in place rather than saved.
Only the safe types, and only those the view asks for; a PDF shown in place goes without `sandbox` (Chromium will
not start its viewer in a sandboxed document), everything else keeps it."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import Http404

from solozere.core.uploads import INLINE_SAFE_TYPES, private_file_response
from tests.aids.factories import PDF_BYTES, PNG_BYTES


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)

    def store(content: bytes):
        name = storage.save("fichier", ContentFile(content))
        file = storage.open(name)
        file.close()
        return file

    return store


def _disposition(response) -> str:
    return response["Content-Disposition"].split(";")[0]


def test_by_default_everything_is_an_attachment_in_a_sandbox(stored):
    for content in (PDF_BYTES, PNG_BYTES, b"<html></html>"):
        response = private_file_response(stored(content), given_name="x", default="f")
        assert _disposition(response) == "attachment"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_asked_inline_is_shown_without_sandbox_and_never_framed_elsewhere(stored):
    response = private_file_response(
        stored(PDF_BYTES), given_name="guide.exe", default="f", inline_types={"application/pdf"}
    )
    assert _disposition(response) == "inline"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert 'filename="guide.pdf"' in response["Content-Disposition"]


def test_an_image_asked_inline_stays_sandboxed(stored):
    response = private_file_response(stored(PNG_BYTES), given_name="a", default="f", inline_types=INLINE_SAFE_TYPES)
    assert _disposition(response) == "inline" and response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_unknown_type_is_never_inline_whatever_the_view_asks(stored):
    response = private_file_response(
        stored(b"<html><script>alert(1)</script></html>"),
        given_name="page.pdf",
        default="f",
        inline_types={"application/octet-stream", "text/html"},
        inline_images=True,
    )
    assert _disposition(response) == "attachment"
    assert response["Content-Type"] == "application/octet-stream"
    assert "sandbox" in response["Content-Security-Policy"]


def test_inline_images_still_means_images_only(stored):
    assert _disposition(private_file_response(stored(PNG_BYTES), given_name="a", default="f", inline_images=True)) == (
        "inline"
    )
    assert _disposition(private_file_response(stored(PDF_BYTES), given_name="a", default="f", inline_images=True)) == (
        "attachment"
    )


def test_no_file_is_a_404():
    with pytest.raises(Http404):
        private_file_response(None, given_name="a", default="f")
