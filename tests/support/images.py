"""Image files made in the test: PNGs built byte by byte, and a JPEG and a WebP
that Chromium drew (tests/branding/logo.jpg, logo.webp)."""

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "branding"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body))
    )


def png(width=48, height=32, rgb=(15, 118, 110), extra=(), idat=None) -> bytes:
    """An RGB PNG of one colour; `extra` chunks go before the pixels; `idat` replaces
    the compressed pixel data."""
    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = idat if idat is not None else zlib.compress(row * height)
    chunks = [_chunk(b"IHDR", header), *(_chunk(k, b) for k, b in extra)]
    chunks += [_chunk(b"IDAT", data), _chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def bomb_png() -> bytes:
    """A small file that inflates to gigabytes: 50,000 × 50,000 pixels of zeros,
    its header claiming 50,000 × 50,000 (refused before inflating)."""
    return png(50000, 50000, idat=zlib.compress(b"\x00" * (1 << 20)))


def lying_png() -> bytes:
    """A header that claims 32 × 32 pixels over pixel data that inflates to 100 MB."""
    inflater = zlib.compressobj(9)
    data = b"".join(inflater.compress(b"\x00" * (1 << 20)) for _ in range(100))
    return png(32, 32, idat=data + inflater.flush())


def jpeg() -> bytes:
    return (HERE / "logo.jpg").read_bytes()


def jpeg_with_exif() -> bytes:
    """The JPEG with an EXIF segment holding a (made-up) GPS note, and HTML after
    its end."""
    data = jpeg()
    payload = b"Exif\x00\x00GPS 51.5N 0.12W secret-location"
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + app1 + data[2:] + b"<script>alert(1)</script>"


def webp() -> bytes:
    return (HERE / "logo.webp").read_bytes()
