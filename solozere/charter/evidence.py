"""Checking an evidence file by its content, never its name. Pure: no ORM.

A photo goes through solozere.core.uploads (decoded, re-encoded without metadata: what we keep is only pixels);
a document is a PDF (its signature and end marker) or a photo as above.
"""

from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from solozere.core.uploads import StoredFile, process_document, process_image

ACCEPT_DOCUMENT = "application/pdf,image/jpeg,image/png,image/webp"

NOT_A_DOCUMENT = _("Ce fichier n'est ni un PDF, ni une image JPEG, PNG ou WebP : seuls ces formats sont acceptés.")
TOO_HEAVY = _("Ce fichier pèse %(size)s : la limite est de %(limit)s. Réduisez-le avant de l'envoyer.")
EMPTY = _("Le fichier envoyé est vide.")


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


def photo_evidence(file: IO[bytes]) -> StoredFile:
    """A photo: checked, re-encoded without metadata. Raises a French ValidationError."""
    _check_size(file)
    processed = process_image(file)
    return StoredFile(content=processed.content, content_type=processed.content_type, extension=processed.extension)


def document_evidence(file: IO[bytes]) -> StoredFile:
    """A PDF kept as sent, or a photo re-encoded without metadata."""
    _check_size(file)
    try:
        return process_document(file)
    except ValidationError as error:
        if error.code in ("not_an_image", "decompression_bomb"):
            raise ValidationError(NOT_A_DOCUMENT, code="not_a_document") from None
        raise
