"""Every upload, public or private: checked by its content (never its name); an image is resized and re-encoded
without metadata, a PDF kept as sent once its signature and end marker are there. One copy for every app.

Pure: no ORM. `check_image` answers "may we keep this file?", `process_image` returns the bytes we store,
`process_document` does the same for a document (a PDF, or a photographed one).
Re-encoding every upload is what makes it safe to serve: whatever the file carried (EXIF with GPS position,
trailing data, a polyglot) does not survive a decode/encode round trip.
"""

from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow formats we accept (decoders outside this list are never tried) and what a browser calls them.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
MAX_LONG_SIDE = 1600
# A photo of a place needs nothing near this; the guard stops a small file that decodes to gigabytes.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85
WEBP_QUALITY = 85

NOT_AN_IMAGE = _(
    "Ce fichier n'est pas une image JPEG, PNG ou WebP lisible. Choisissez une photo dans l'un de ces formats."
)
TOO_MANY_PIXELS = _(
    "Cette image est trop grande (%(width)s × %(height)s pixels). Envoyez une image de moins de %(limit)s millions "  # noqa: RUF001
    "de pixels."
)
TOO_HEAVY = _("Ce fichier pèse %(size)s : la limite est de %(limit)s. Réduisez la photo avant de l'envoyer.")
EMPTY = _("Le fichier envoyé est vide.")


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedImage:
    content: bytes
    width: int
    height: int
    extension: str  # "jpg" or "webp"
    content_type: str


def _size_of(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(position)
    return int(size)


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
    )


def check_image(file: IO[bytes]) -> ImageInfo:
    """Raise a French ValidationError unless `file` is a JPEG, PNG or WebP image we are willing to decode."""
    size = _size_of(file)
    if size == 0:
        raise ValidationError(EMPTY, code="empty")
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            TOO_HEAVY, code="too_heavy", params={"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    file.seek(0)
    try:
        with Image.open(file, formats=ACCEPTED_FORMATS) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(width, height)
            image_format = image.format or ""
            image.verify()  # reads the whole stream: catches truncated and corrupt files
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard, beyond ours (the warning is an exception when warnings are errors).
        raise ValidationError(NOT_AN_IMAGE, code="decompression_bomb") from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    return ImageInfo(format=image_format, width=width, height=height)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def process_image(file: IO[bytes]) -> ProcessedImage:
    """Check, turn upright, shrink to MAX_LONG_SIDE, and re-encode without any metadata.

    Transparent images become WebP (JPEG has no alpha); everything else JPEG.
    """
    check_image(file)
    try:
        with Image.open(file, formats=ACCEPTED_FORMATS) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened)  # apply the EXIF orientation before dropping EXIF
            alpha = _has_alpha(upright)
            # Convert before resizing: palette images would otherwise be resized without filtering.
            image = upright.convert("RGBA" if alpha else "RGB")
            image.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
            output = BytesIO()
            image.info = {}  # no EXIF, XMP nor ICC block reaches the encoder: only pixels
            if alpha:
                image.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
                extension, content_type = "webp", "image/webp"
            else:
                image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
                extension, content_type = "jpg", "image/jpeg"
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(NOT_AN_IMAGE, code="decompression_bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    finally:
        file.seek(0)
    return ProcessedImage(
        content=output.getvalue(), width=width, height=height, extension=extension, content_type=content_type
    )


class PhotoField(forms.FileField):
    """A file input that accepts only what `check_image` accepts, with our French messages.

    Used instead of forms.ImageField so that size and pixel limits are checked with the same rules
    and messages everywhere (admin, and later the place managers' own pages).
    """

    widget = forms.ClearableFileInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs

    def to_python(self, data: Any) -> Any:
        if data not in self.empty_values and not isinstance(data, UploadedFile):
            return data  # a file already stored: it was checked when it was uploaded
        file = super().to_python(data)
        if file is None:
            return None
        # The full round trip, not just the header: a truncated JPEG only shows when decoded.
        process_image(file)
        return file


BROKEN_PDF = _("Ce PDF semble incomplet ou abîmé : enregistrez-le de nouveau et réessayez.")


@dataclass(frozen=True)
class StoredFile:
    """What we keep of an upload: its bytes, and the type found in them."""

    content: bytes
    content_type: str
    extension: str


def is_pdf(file: IO[bytes]) -> bool:
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    return head.startswith(b"%PDF-")


def process_document(file: IO[bytes]) -> StoredFile:
    """A PDF kept as sent (it is only ever downloaded, sandboxed), or an image re-encoded without metadata (the
    photographed proof of address loses its EXIF, GPS position included). Raises a French ValidationError; the
    caller checks the size against its own limit first."""
    if is_pdf(file):
        size = _size_of(file)
        file.seek(max(0, size - 2048))
        tail = file.read()
        file.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(BROKEN_PDF, code="broken_pdf")
        content = file.read()
        file.seek(0)
        return StoredFile(content=content, content_type="application/pdf", extension="pdf")
    image = process_image(file)
    return StoredFile(content=image.content, content_type=image.content_type, extension=image.extension)
