"""Checking a document sent to the resource centre by its content, never by its name or the browser's word: a PDF
(kept as sent) or an image (re-encoded without metadata by core.uploads), within RESOURCES_MAX_UPLOAD_BYTES.
No ORM here."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from solozere.core.uploads import DocumentRefused
from solozere.core.uploads import check_document as core_check_document


class UploadRefused(Exception):
    """The file is not one we keep; the message says why, in French."""


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.content)


def max_upload_bytes() -> int:
    return int(settings.RESOURCES_MAX_UPLOAD_BYTES)


def check_document(upload: Any) -> CheckedDocument:
    """What we store of `upload`: its type found in its first bytes (a PDF, a JPEG, a PNG or a WebP image), by
    core's one check, in this centre's words."""
    try:
        stored = core_check_document(upload, max_bytes=max_upload_bytes())
    except DocumentRefused as refused:
        raise UploadRefused(_refusal(refused)) from None
    return CheckedDocument(content=stored.content, content_type=stored.content_type, extension=stored.extension)


def _refusal(refused: DocumentRefused) -> str:
    if refused.code == "empty":
        return _("Le fichier envoyé est vide.")
    if refused.code == "too_heavy":
        return _("Ce fichier pèse %(size)s : la limite est de %(limit)s. Envoyez un PDF plus léger, ou un lien.") % {
            "size": filesizeformat(refused.size),
            "limit": filesizeformat(refused.limit),
        }
    if refused.code == "not_accepted":
        return _(
            "Ce fichier n'est ni un PDF, ni une image JPEG, PNG ou WebP, quel que soit son nom : seuls ces "
            "formats sont acceptés. Pour un autre document, proposez plutôt un lien."
        )
    if refused.code == "broken_pdf":
        return _("Ce PDF semble incomplet ou abîmé : enregistrez-le de nouveau et réessayez.")
    if refused.code == "too_many_pixels":
        return refused.detail
    return _("Cette image est illisible ou abîmée : enregistrez-la de nouveau et réessayez.")
