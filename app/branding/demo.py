"""The demo product's branding: a teal accent and a small logo drawn here as a PNG
(a round mark and three bars, standing in for a wordmark), checked like an upload."""

import struct
import zlib

from app.branding import service

DEMO_ACCENT = "#0f766e"
WIDTH, HEIGHT = 192, 48
TEAL, INK = (15, 118, 110), (20, 22, 39)


def _pixel(x: int, y: int) -> tuple[int, int, int, int]:
    if (x - 24) ** 2 + (y - 24) ** 2 <= 20**2:
        inner = 14 <= x <= 34 and 14 <= y <= 34 and (x < 20 or y > 28)
        return (255, 255, 255, 255) if inner else (*TEAL, 255)
    for left, right, top in ((54, 130, 12), (54, 186, 22), (54, 110, 32)):
        if left <= x <= right and top <= y <= top + 5:
            return (*INK, 255)
    return (0, 0, 0, 0)


def demo_logo_png() -> bytes:
    """The demo logo: an RGBA PNG with a transparent background."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(_pixel(x, y)) for x in range(WIDTH))
        for y in range(HEIGHT)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 6, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(rows, 9)),
            chunk(b"IEND", b""),
        ]
    )


def seed_brand(recruiter, product) -> None:
    """Brand the demo product once (a recruiter's later changes are kept)."""
    if product.accent_color or product.logo_digest:
        return
    service.set_accent_color(recruiter, product, DEMO_ACCENT)
    service.set_logo(recruiter, product, demo_logo_png())
