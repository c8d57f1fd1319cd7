"""Images: a pixel limit below Pillow's, checked on the header before decoding, through the real upload form; and
Pillow's own guards set from our settings."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, PngImagePlugin

from solozere.core import uploads
from solozere.places.models import PlacePhoto
from tests.core.test_uploads import png_header_only
from tests.places.factories import comptoir_ready


def test_pillows_guards_are_ours_and_lower_than_its_defaults():
    assert settings.MAX_IMAGE_PIXELS < 89_478_485  # Pillow's default
    assert Image.MAX_IMAGE_PIXELS == settings.MAX_IMAGE_PIXELS
    assert PngImagePlugin.MAX_TEXT_CHUNK <= 512 * 1024
    assert PngImagePlugin.MAX_TEXT_MEMORY <= 2 * 1024 * 1024
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_the_limit_is_read_from_the_header_before_decoding_and_says_the_size(settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    content = png_header_only(1001, 1000)
    with pytest.raises(uploads.ValidationError) as error:
        uploads.check_image(SimpleUploadedFile("grande.png", content))
    assert error.value.code == "too_many_pixels"
    assert "1001 × 1000 pixels" in error.value.messages[0]  # noqa: RUF001
    assert "moins de 1 millions de pixels" in error.value.messages[0]


def test_a_png_whose_text_chunk_inflates_beyond_our_bound_is_refused_in_french():
    import struct
    import zlib
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    png = buffer.getvalue()
    # 600 kB of text in a few hundred bytes: under Pillow's 1 MiB default, over our 512 KiB.
    data = b"Comment\x00\x00" + zlib.compress(b"A" * 600_000, 9)
    chunk = struct.pack(">I", len(data)) + b"zTXt" + data + struct.pack(">I", zlib.crc32(b"zTXt" + data))
    bomb = png[:33] + chunk + png[33:]  # right after the IHDR chunk
    assert len(bomb) < 5_000
    with pytest.raises(uploads.ValidationError) as error:
        uploads.process_image(SimpleUploadedFile("texte.png", bomb))
    assert error.value.code == "not_an_image"
    assert "n'est pas une image JPEG, PNG ou WebP lisible" in error.value.messages[0]


@pytest.mark.django_db
def test_a_tiny_png_claiming_20000_by_20000_is_refused_in_french_through_the_photo_form(
    client, territory, charter_v1, manager
):
    place = comptoir_ready(name="Comptoir du Bleymard")
    place.managers.add(manager)
    client.force_login(manager)
    bomb = png_header_only(20_000, 20_000)
    assert len(bomb) < 100

    response = client.post(
        f"/lieux/{place.slug}/gerer/photos/",
        {"image": SimpleUploadedFile("bombe.png", bomb, content_type="image/png"), "alt_text": "Une salle"},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Cette image est trop grande (20000 × 20000 pixels)" in text  # noqa: RUF001
    assert "moins de 25 millions de pixels" in text
    assert not PlacePhoto.objects.exists()
