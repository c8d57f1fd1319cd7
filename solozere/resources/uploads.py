"""Checking a document sent to the resource centre by its content, never by its name or the browser's word: a PDF
(kept as sent) or an image (re-encoded without metadata by core.uploads), within RESOURCES_MAX_UPLOAD_BYTES.
No ORM here."""

from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from solozere.core.uploads import UNKNOWN_TYPE, process_document, sniff_type


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
    """What we store of `upload`: its type found in its first bytes (a PDF, a JPEG, a PNG or a WebP image)."""
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise UploadRefused(_("Le fichier envoyé est vide."))
    limit = max_upload_bytes()
    if size > limit:
        raise UploadRefused(
            _("Ce fichier pèse %(size)s : la limite est de %(limit)s. Envoyez un PDF plus léger, ou un lien.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    stream: IO[bytes] = upload
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if sniff_type(head) == UNKNOWN_TYPE:
        raise UploadRefused(
            _(
                "Ce fichier n'est ni un PDF, ni une image JPEG, PNG ou WebP, quel que soit son nom : seuls ces "
                "formats sont acceptés. Pour un autre document, proposez plutôt un lien."
            )
        )
    try:
        stored = process_document(stream)
    except ValidationError as error:
        if error.code == "broken_pdf":
            raise UploadRefused(
                _("Ce PDF semble incomplet ou abîmé : enregistrez-le de nouveau et réessayez.")
            ) from None
        if error.code == "too_many_pixels":
            raise UploadRefused(error.messages[0]) from None
        raise UploadRefused(
            _("Cette image est illisible ou abîmée : enregistrez-la de nouveau et réessayez.")
        ) from None
    return CheckedDocument(content=stored.content, content_type=stored.content_type, extension=stored.extension)
