"""Evidence downloads with the extension and Content-Type of what the file really is, under a safe name."""

from pathlib import Path

import pytest

from solozere.charter.models import EvidenceKind, MembershipEvidence
from tests.places.factories import apply_for, comptoir_ready, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(territory, charter_v1, manager):
    place = comptoir_ready(name="Comptoir du Bleymard")
    place.managers.add(manager)
    membership = apply_for(place, manager)
    return place, membership.evidence.get(criterion__evidence_kind=EvidenceKind.PHOTO)


def test_a_pdf_recorded_as_a_png_downloads_as_a_pdf_attachment(client, evidence, manager):
    place, row = evidence
    Path(row.file.path).write_bytes(tiny_pdf())  # what the row says is a PNG photo is, in its bytes, a PDF
    MembershipEvidence.objects.filter(pk=row.pk).update(file_name="photo.png", file_content_type="image/png")
    client.force_login(manager)

    response = client.get(f"/lieux/{place.slug}/adhesion/justificatifs/{row.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="photo.pdf"'


def test_an_evidence_photo_is_shown_under_a_safe_name_with_its_real_extension(client, evidence, manager):
    place, row = evidence
    MembershipEvidence.objects.filter(pk=row.pk).update(file_name='../espace "nord"\r\n.exe')
    client.force_login(manager)

    response = client.get(f"/lieux/{place.slug}/adhesion/justificatifs/{row.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="espace nord.jpg"'
