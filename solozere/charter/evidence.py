"""Checking an evidence file by its content, never its name. Pure: no ORM.

A photo goes through solozere.places.photos (decoded, re-encoded without metadata: what we keep is only pixels);
a document is a PDF (its signature and end marker) or a photo as above.
"""

from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from solozere.places.photos import process_image

ACCEPT_DOCUMENT = "application/pdf,image/jpeg,image/png,image/webp"

NOT_A_DOCUMENT = _("Ce fichier n'est ni un PDF, ni une image JPEG, PNG ou WebP : seuls ces formats sont acceptés.")
BROKEN_PDF = _("Ce PDF semble incomplet ou abîmé : enregistrez-le de nouveau et réessayez.")
TOO_HEAVY = _("Ce fichier pèse %(size)s : la limite est de %(limit)s. Réduisez-le avant de l'envoyer.")
EMPTY = _("Le fichier envoyé est vide.")


@dataclass(frozen=True)
class StoredEvidence:
    content: bytes
    content_type: str
    extension: str


def max_bytes() -> int:
    return int(settings.PLACES_EVIDENCE_MAX_BYTES)


def _size_of(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(position)
    return int(size)


def _check_size(file: IO[bytes]) -> int:
    size = _size_of(file)
    if size == 0:
        raise ValidationError(EMPTY, code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            TOO_HEAVY, code="too_heavy", params={"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    return size


def photo_evidence(file: IO[bytes]) -> StoredEvidence:
    """A photo: checked, re-encoded without metadata. Raises a French ValidationError."""
    _check_size(file)
    processed = process_image(file)
    return StoredEvidence(content=processed.content, content_type=processed.content_type, extension=processed.extension)


def document_evidence(file: IO[bytes]) -> StoredEvidence:
    """A PDF kept as sent (it is only ever downloaded, sandboxed), or a photo re-encoded."""
    size = _check_size(file)
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        file.seek(max(0, size - 2048))
        tail = file.read()
        file.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(BROKEN_PDF, code="broken_pdf")
        return StoredEvidence(content=file.read(), content_type="application/pdf", extension="pdf")
    try:
        return photo_evidence(file)
    except ValidationError as error:
        if error.code in ("not_an_image", "decompression_bomb"):
            raise ValidationError(NOT_A_DOCUMENT, code="not_a_document") from None
        raise
