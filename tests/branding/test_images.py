"""Logos are checked by what the bytes are, and stored without their metadata."""

import io
import tracemalloc
import zlib

import pytest
from PIL import Image

from app.branding.images import MAX_LOGO_BYTES, ImageError, check_logo
from tests.support import images


def test_a_png_is_rewritten_without_its_text_chunks():
    data = images.png(extra=[(b"tEXt", b"Author\x00Jane Secret")])
    logo = check_logo(data)
    assert (logo.kind, logo.media_type, logo.width, logo.height) == (
        "png",
        "image/png",
        48,
        32,
    )
    assert b"Jane Secret" not in logo.data and b"tEXt" not in logo.data
    assert check_logo(logo.data).data == logo.data  # still a valid PNG


def test_a_jpeg_loses_its_exif_and_what_follows_its_end():
    logo = check_logo(images.jpeg_with_exif())
    assert (logo.kind, logo.width, logo.height) == ("jpeg", 96, 64)
    assert b"secret-location" not in logo.data and b"<script" not in logo.data
    assert logo.data.endswith(b"\xff\xd9")
    assert check_logo(logo.data).width == 96  # still a valid JPEG


def test_a_webp_loses_its_colour_profile_and_says_so_in_its_header():
    original = images.webp()
    assert b"ICCP" in original
    logo = check_logo(original)
    assert (logo.kind, logo.media_type, logo.width, logo.height) == (
        "webp",
        "image/webp",
        96,
        64,
    )
    assert b"ICCP" not in logo.data
    with Image.open(io.BytesIO(logo.data)) as written:
        assert written.format == "WEBP" and "icc_profile" not in written.info
    assert int.from_bytes(logo.data[4:8], "little") == len(logo.data) - 8


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<html><script>alert(1)</script></html>", "PNG, JPEG or WebP"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            "SVG is not accepted",
        ),
        (b"GIF89a" + b"\x00" * 40, "PNG, JPEG or WebP"),
        (b"", "Choose an image"),
    ],
)
def test_files_that_are_not_our_images_are_refused(data, message):
    with pytest.raises(ImageError, match=message):
        check_logo(data)


def test_a_damaged_png_is_refused():
    data = bytearray(images.png())
    data[40] ^= 0xFF  # inside a chunk: its CRC no longer matches
    with pytest.raises(ImageError, match="damaged"):
        check_logo(bytes(data))
    with pytest.raises(ImageError, match="damaged"):
        check_logo(images.png()[:60])  # cut short, inside its pixel data


def test_pixel_data_of_the_wrong_size_is_refused():
    short = zlib.compress(b"\x00" * 10)
    with pytest.raises(ImageError, match="damaged"):
        check_logo(images.png(idat=short))


def test_a_decompression_bomb_is_refused_before_it_inflates():
    tracemalloc.start()
    try:
        with pytest.raises(ImageError, match="at most 2000×2000"):
            check_logo(images.bomb_png())  # claims 50000 × 50000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024


def test_pixel_data_larger_than_the_header_says_is_never_inflated():
    """Pixel data that would inflate to 100 MB under a 32 × 32 header: only the
    header's pixels are decoded, and the stored file holds just those."""
    data = images.lying_png()
    assert len(data) < MAX_LOGO_BYTES
    tracemalloc.start()
    try:
        logo = check_logo(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (logo.width, logo.height) == (32, 32)
    assert len(logo.data) < 1024 and peak < 10 * 1024 * 1024


def test_too_large_and_too_small_are_refused():
    with pytest.raises(ImageError, match="larger than 1 MB"):
        check_logo(images.png() + b"\x00" * MAX_LOGO_BYTES)
    with pytest.raises(ImageError, match="at most 2000×2000"):
        check_logo(images.png(2400, 20))
    with pytest.raises(ImageError, match="at least 16"):
        check_logo(images.png(8, 8))


def test_a_truncated_jpeg_is_refused():
    data = images.jpeg()
    with pytest.raises(ImageError, match="damaged"):
        check_logo(data[: len(data) // 2])
