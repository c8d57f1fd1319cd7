"""Checking an uploaded piece by its content, not by its name: a PDF, a JPEG or a PNG, within a size limit.
No ORM here."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from solozere.aids.eligibility import InputError
from solozere.core.uploads import DocumentRefused, check_document


@dataclass(frozen=True)
class CheckedFile:
    """What is stored: the PDF as sent, or the image re-encoded without its metadata (EXIF, GPS position)."""

    content: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.content)


def max_upload_bytes() -> int:
    return int(settings.AIDS_MAX_UPLOAD_BYTES)


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return _("%(n)s Mo") % {"n": f"{size / (1024 * 1024):.1f}".replace(".", ",")}
    return _("%(n)s ko") % {"n": max(1, round(size / 1024))}


# What an aid piece may be, by its first bytes (core.uploads.sniff_type): a PDF, a JPEG or a PNG.
ACCEPTED_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def check_upload(upload: Any) -> CheckedFile:
    """The type found in the file itself (core's one check); InputError with a French sentence otherwise."""
    if upload is None:
        raise InputError(_("Choisissez un fichier."))
    try:
        stored = check_document(upload, max_bytes=max_upload_bytes(), accepted=ACCEPTED_TYPES)
    except DocumentRefused as refused:
        raise InputError(_refusal(refused)) from None
    return CheckedFile(content=stored.content, content_type=stored.content_type, extension=f".{stored.extension}")


def _refusal(refused: DocumentRefused) -> str:
    if refused.code == "empty":
        return _("Le fichier est vide.")
    if refused.code == "too_heavy":
        return _(
            "Le fichier pèse %(size)s : la limite est de %(limit)s. Réduisez-le (PDF compressé, photo moins lourde)."
        ) % {"size": human_size(refused.size), "limit": human_size(refused.limit)}
    if refused.code == "not_accepted":
        return _("Ce fichier n'est ni un PDF, ni une image JPEG ou PNG : seuls ces formats sont acceptés.")
    if refused.code == "broken_pdf":
        return _("Ce PDF semble incomplet ou abîmé : enregistrez-le de nouveau et réessayez.")
    if refused.code == "too_many_pixels":
        return refused.detail
    return _("Cette image est illisible ou abîmée : enregistrez-la de nouveau et réessayez.")
