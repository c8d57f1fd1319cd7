"""Every upload, public or private: checked by its content (never its name); an image is resized and re-encoded
without metadata, a PDF kept as sent once its signature and end marker are there. One copy for every app.

Pure: no ORM. `check_image` answers "may we keep this file?", `process_image` returns the bytes we store,
`process_document` does the same for a document (a PDF, or a photographed one).
Re-encoding every upload is what makes it safe to serve: whatever the file carried (EXIF with GPS position,
trailing data, a polyglot) does not survive a decode/encode round trip.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, PngImagePlugin, UnidentifiedImageError

# Pillow formats we accept (decoders outside this list are never tried) and what a browser calls them.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
MAX_LONG_SIDE = 1600
# The pixel limit is the MAX_IMAGE_PIXELS setting (see config/settings/base.py for the figure and why): checked on
# the size written in the header, before anything is decoded, and handed to Pillow as its own decompression-bomb
# threshold (warning beyond it, error beyond twice it), instead of Pillow's 89 million.
# PNG text chunks (tEXt, zTXt, iTXt, and the iCCP profile) are inflated by Pillow up to MAX_TEXT_CHUNK each and
# MAX_TEXT_MEMORY in all (1 MiB and 64 MiB by default). We keep none of them: 512 KiB per chunk still lets through
# the largest colour profile a camera writes, 2 MiB in all bounds what a small file can make us inflate.
PNG_MAX_TEXT_CHUNK = 512 * 1024
PNG_MAX_TEXT_MEMORY = 2 * 1024 * 1024
JPEG_QUALITY = 85
WEBP_QUALITY = 85

NOT_AN_IMAGE = _(
    "Ce fichier n'est pas une image JPEG, PNG ou WebP lisible. Choisissez une photo dans l'un de ces formats."
)
TOO_MANY_PIXELS = _(
    "Cette image est trop grande (%(width)s × %(height)s pixels). Envoyez une image de moins de %(limit)s millions "  # noqa: RUF001
    "de pixels."
)
TOO_MANY_PIXELS_UNREAD = _(
    "Cette image est trop grande : elle dépasse %(limit)s millions de pixels. Réduisez-la avant de l'envoyer."
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


def max_pixels() -> int:
    return int(settings.MAX_IMAGE_PIXELS)


def configure_pillow() -> None:
    """Pillow's own guards, from our settings (CoreConfig.ready). Truncated images stay refused."""
    Image.MAX_IMAGE_PIXELS = max_pixels()
    PngImagePlugin.MAX_TEXT_CHUNK = PNG_MAX_TEXT_CHUNK
    PngImagePlugin.MAX_TEXT_MEMORY = PNG_MAX_TEXT_MEMORY


def _limit_in_millions() -> str:
    return f"{max_pixels() / 1_000_000:g}".replace(".", ",")


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": _limit_in_millions()},
    )


def _bomb() -> ValidationError:
    # Pillow refused on the header's size (its threshold is ours): the same refusal, without the size it kept.
    return ValidationError(TOO_MANY_PIXELS_UNREAD, code="too_many_pixels", params={"limit": _limit_in_millions()})


def _header_size(file: IO[bytes]) -> tuple[int, int] | None:
    """The size the header claims, read by the format's own parser without decoding a pixel and before Pillow's
    bomb guard (which would refuse without saying the size). None when no accepted format recognises the file."""
    Image.init()
    file.seek(0)
    prefix = file.read(16)
    file.seek(0)
    for image_format in ACCEPTED_FORMATS:
        factory, accept = Image.OPEN[image_format]
        if accept is not None and not accept(prefix):
            continue
        try:
            with factory(file, "") as image:
                return image.size
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            return None
        finally:
            file.seek(0)
    return None


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
    size_in_header = _header_size(file)
    if size_in_header is not None and size_in_header[0] * size_in_header[1] > max_pixels():
        raise _too_many_pixels(*size_in_header)
    file.seek(0)
    try:
        with Image.open(file, formats=ACCEPTED_FORMATS) as image:
            width, height = image.size
            if width * height > max_pixels():
                raise _too_many_pixels(width, height)
            image_format = image.format or ""
            image.verify()  # reads the whole stream: catches truncated and corrupt files
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard, set to ours (the warning is an exception when warnings are errors).
        raise _bomb() from None
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
            if opened.format == "JPEG":
                # Decode at 1/2, 1/4 or 1/8 scale when that still gives MAX_LONG_SIDE: a quarter of the memory or
                # less for a camera's photo, which is shrunk to that size anyway.
                opened.draft(None, (MAX_LONG_SIDE, MAX_LONG_SIDE))
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
        raise _bomb() from None
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


# The documents an app may keep, by their first bytes: a PDF, or a JPEG, PNG or WebP image.
DOCUMENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})


class DocumentRefused(Exception):
    """Why `check_document` refused an upload, as a code the calling app words for its own page: "empty",
    "too_heavy" (with `size` and `limit`), "not_accepted" (its first bytes are none of the accepted types),
    "broken_pdf", "too_many_pixels" or "not_an_image" (with core's French `detail`)."""

    def __init__(self, code: str, *, size: int = 0, limit: int = 0, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.size = size
        self.limit = limit
        self.detail = detail


def check_document(upload: Any, *, max_bytes: int, accepted: frozenset[str] = DOCUMENT_TYPES) -> StoredFile:
    """The one check of an uploaded document, by its content and never its name or the browser's word: not empty,
    within `max_bytes`, of an accepted type by its first bytes, then kept as `process_document` keeps it (a PDF as
    sent, an image re-encoded without metadata). Raises DocumentRefused."""
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise DocumentRefused("empty")
    if size > max_bytes:
        raise DocumentRefused("too_heavy", size=size, limit=max_bytes)
    stream: IO[bytes] = upload
    stream.seek(0)
    found = sniff_type(stream.read(16))
    stream.seek(0)
    if found not in accepted:
        raise DocumentRefused("not_accepted")
    try:
        return process_document(stream)
    except ValidationError as error:
        raise DocumentRefused(str(error.code or "not_an_image"), detail=error.messages[0]) from None


# --- Downloads of private files ---------------------------------------------------------------------------------
EXTENSION_OF_TYPE = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
UNKNOWN_TYPE = "application/octet-stream"
# Not in a name we hand to a browser: folders, quotes, what a shell or Windows reads specially.
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\"'`<>:*?|;%\\/]")


def sniff_type(head: bytes) -> str:
    """The type of a stored file from its first bytes (we store only these four kinds), never from its name."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return UNKNOWN_TYPE


def download_name(given: str, content_type: str, *, default: str = "fichier") -> str:
    """The name a browser saves the file under: the one the person gave, without folder, quote or control
    character, ending with the extension of what the file is ("kbis.exe" that is a PDF downloads as "kbis.pdf")."""
    name = re.split(r"[\\/]", given or "")[-1]
    name = " ".join(_UNSAFE_IN_NAME.sub(" ", name).split())
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .")[:120].strip(" .") or default
    return f"{stem}.{EXTENSION_OF_TYPE.get(content_type, 'bin')}"


# What a browser may show in place rather than save: only types it renders without running anything of ours.
INLINE_SAFE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})
# Chromium refuses to start its PDF viewer in a sandboxed document (no sandbox token re-enables it), and older
# versions broke it under `default-src 'none'`: a PDF shown in place only refuses to be framed elsewhere. Its exact
# type and nosniff keep any browser from reading it as a page; its scripts, if any, run in the viewer's own sandbox.
_INLINE_PDF_POLICY = "frame-ancestors 'self'"
_SANDBOXED_POLICY = "default-src 'none'; img-src 'self'; sandbox"


def private_file_response(
    file: Any,
    *,
    given_name: str,
    default: str,
    inline_images: bool = False,
    inline_types: Iterable[str] = (),
) -> FileResponse:
    """A private file sent to someone a view has checked: type and extension from its bytes, never cached, never
    rendered as a page (sandboxed). Shown in place (not saved) when its type is in `inline_types` (images too with
    `inline_images`), and only among INLINE_SAFE_TYPES; an attachment otherwise. 404 when the file is gone."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = sniff_type(handle.read(16))
    handle.seek(0)
    inline = content_type in INLINE_SAFE_TYPES and (
        content_type in set(inline_types) or (inline_images and content_type.startswith("image/"))
    )
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=download_name(given_name, content_type, default=default),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    pdf_in_place = inline and content_type == "application/pdf"
    response["Content-Security-Policy"] = _INLINE_PDF_POLICY if pdf_in_place else _SANDBOXED_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
