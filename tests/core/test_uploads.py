"""Photo uploads are judged by their content, shrunk to 1600 px and re-encoded without metadata."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from solozere.core import uploads as photos


def image_bytes(size=(800, 600), fmt="PNG", mode="RGB", color=(30, 120, 60), **save_kwargs) -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: what a decompression bomb looks like from outside."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_a_png_named_jpg_is_accepted_because_it_is_an_image():
    info = photos.check_image(upload(image_bytes(fmt="PNG"), name="photo.jpg"))
    assert (info.format, info.width, info.height) == ("PNG", 800, 600)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted(fmt):
    assert photos.check_image(upload(image_bytes(fmt=fmt))).format == fmt


def test_a_text_file_named_photo_jpg_is_refused_in_french():
    with pytest.raises(ValidationError) as error:
        photos.check_image(upload(b"Ceci n'est pas une photo.\n" * 20, name="photo.jpg"))
    assert error.value.code == "not_an_image"
    assert "n'est pas une image JPEG, PNG ou WebP" in error.value.messages[0]


def test_a_gif_is_refused_even_though_it_is_an_image():
    with pytest.raises(ValidationError) as error:
        photos.check_image(upload(image_bytes(fmt="GIF", mode="P", color=1), name="anim.gif"))
    assert error.value.code == "not_an_image"


def test_a_truncated_jpeg_is_refused_when_decoded():
    content = image_bytes(size=(400, 300), fmt="JPEG")
    with pytest.raises(ValidationError) as error:
        photos.process_image(upload(content[: len(content) // 2]))
    assert error.value.code == "not_an_image"
    with pytest.raises(ValidationError):
        photos.PhotoField().clean(upload(content[: len(content) // 2]))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        photos.check_image(upload(b""))
    assert error.value.code == "empty"


def test_a_file_over_the_size_limit_is_refused_before_decoding(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 10_000
    content = image_bytes(size=(100, 100), fmt="PNG")
    content += b"\x00" * (10_001 - len(content))  # trailing bytes: still a valid PNG, now over the limit
    with pytest.raises(ValidationError) as error:
        photos.check_image(upload(content))
    assert error.value.code == "too_heavy"
    assert "la limite est de 9,8" in error.value.messages[0]


def test_a_small_file_decoding_to_too_many_pixels_is_refused_in_french():
    content = image_bytes(size=(8000, 6000), fmt="PNG", mode="1", color=0)  # 48 Mpx in a few kB
    assert len(content) < 100_000
    with pytest.raises(ValidationError) as error:
        photos.check_image(upload(content, name="bombe.png"))
    assert error.value.code == "too_many_pixels"
    assert "8000 × 6000 pixels" in error.value.messages[0]  # noqa: RUF001


def test_a_decompression_bomb_beyond_pillows_own_limit_is_a_validation_error_not_a_crash():
    with pytest.raises(ValidationError) as error:
        photos.check_image(upload(png_header_only(40_000, 40_000), name="bombe.png"))
    assert error.value.code in {"decompression_bomb", "too_many_pixels"}


def test_an_image_larger_than_1600_px_is_resized_on_its_long_side():
    processed = photos.process_image(upload(image_bytes(size=(3200, 1200), fmt="PNG")))
    assert (processed.width, processed.height) == (1600, 600)
    assert processed.extension == "jpg"
    with Image.open(BytesIO(processed.content)) as result:
        assert result.format == "JPEG"
        assert result.size == (1600, 600)


def test_a_portrait_image_is_resized_on_its_height():
    processed = photos.process_image(upload(image_bytes(size=(1000, 4000), fmt="JPEG")))
    assert (processed.width, processed.height) == (400, 1600)


def test_a_small_image_is_not_enlarged():
    processed = photos.process_image(upload(image_bytes(size=(640, 480), fmt="WEBP")))
    assert (processed.width, processed.height) == (640, 480)


def test_exif_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Appareil de Mende"  # Make
    exif[0x8825] = {0x0001: "N", 0x0002: (44.0, 31.0, 0.0)}  # GPS IFD
    content = image_bytes(size=(400, 200), fmt="JPEG", exif=exif.tobytes())
    with Image.open(BytesIO(content)) as original:
        assert original.getexif()[0x010F] == "Appareil de Mende"

    processed = photos.process_image(upload(content))

    with Image.open(BytesIO(processed.content)) as result:
        assert dict(result.getexif()) == {}
        assert "exif" not in result.info
        assert result.size == (200, 400)  # turned upright before EXIF was dropped
    assert (processed.width, processed.height) == (200, 400)


def test_a_transparent_png_becomes_webp_and_keeps_its_alpha():
    processed = photos.process_image(upload(image_bytes(fmt="PNG", mode="RGBA", color=(0, 0, 0, 0)), name="logo.png"))
    assert processed.extension == "webp"
    with Image.open(BytesIO(processed.content)) as result:
        assert result.format == "WEBP"
        assert result.mode == "RGBA"


def test_the_form_field_refuses_a_text_file_in_french():
    field = photos.PhotoField()
    with pytest.raises(ValidationError) as error:
        field.clean(upload(b"pas une image", name="photo.jpg"))
    assert "n'est pas une image" in error.value.messages[0]
    assert field.widget.attrs["accept"] == "image/jpeg,image/png,image/webp"
