"""A piece downloads under the name it was sent with, but with the extension and Content-Type of what it really is;
a huge image claimed by a tiny header is refused in French, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.aids.models import ApplicationDocument
from solozere.core.uploads import download_name
from tests.aids.factories import PDF_BYTES
from tests.core.test_uploads import png_header_only

pytestmark = pytest.mark.django_db


def _upload(client, draft, name, content):
    return client.post(
        f"/aide-teletravail/demandes/{draft.pk}/pieces/",
        {"kind": "proof_of_address", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("sent_as", "saved_as"),
    [("kbis.exe", "kbis.pdf"), ("photo.png", "photo.pdf"), ("extrait.kbis.pdf", "extrait.kbis.pdf")],
)
def test_a_piece_downloads_with_the_extension_of_its_real_type(client, draft, applicant, sent_as, saved_as):
    client.force_login(applicant)
    assert _upload(client, draft, sent_as, PDF_BYTES).status_code == 302
    document = ApplicationDocument.objects.get()

    response = client.get(f"/aide-teletravail/pieces/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{saved_as}"'


def test_a_name_with_a_path_quotes_or_line_breaks_downloads_safely(client, draft, applicant):
    client.force_login(applicant)
    assert _upload(client, draft, "kbis.pdf", PDF_BYTES).status_code == 302
    document = ApplicationDocument.objects.get()
    ApplicationDocument.objects.filter(pk=document.pk).update(original_name='..\\..\\etc/"kbis"\r\n.exe')

    response = client.get(f"/aide-teletravail/pieces/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kbis.pdf"'


def test_a_tiny_png_claiming_20000_by_20000_is_refused_in_french_not_a_500(client, draft, applicant):
    client.force_login(applicant)
    response = _upload(client, draft, "scan.png", png_header_only(20_000, 20_000))
    assert response.status_code == 400
    assert "Cette image est trop grande (20000 × 20000 pixels)" in response.content.decode()  # noqa: RUF001
    assert ApplicationDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("given", "content_type", "expected"),
    [
        ("kbis.exe", "application/pdf", "kbis.pdf"),
        ("C:\\Users\\moi\\scan.jpeg", "image/jpeg", "scan.jpg"),
        ("/etc/passwd", "application/pdf", "passwd.pdf"),
        ('a"b;c\r\nd.png', "image/png", "a b c d.png"),
        ("", "application/pdf", "fichier.pdf"),
        ("...", "image/webp", "fichier.webp"),
        ("inconnu.docx", "application/octet-stream", "inconnu.bin"),
    ],
)
def test_download_name(given, content_type, expected):
    assert download_name(given, content_type) == expected
