"""Logo images checked by content, then rewritten without their metadata.

No imaging library is installed, so each format is parsed here, strictly: PNG is
fully inflated (its pixel data must be exactly the size its header promises, which
also stops a decompression bomb before it grows) and written again with only the
chunks that draw the image; JPEG and WebP are walked marker by marker / chunk by
chunk, their dimensions read from the frame header, and metadata (EXIF, XMP, ICC,
comments) and anything after the image dropped. The file's name and the type the
browser sent are never trusted. SVG is refused: it can carry scripts.
"""

import struct
import zlib
from dataclasses import dataclass

MAX_LOGO_BYTES = 1024 * 1024
MAX_SIDE = 2000  # pixels, each way
MIN_SIDE = 16
MAX_PIXELS = 2000 * 2000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KINDS = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
UNSUPPORTED = (
    "Use a PNG, JPEG or WebP image (SVG is not accepted: it can carry scripts)."
)


class ImageError(ValueError):
    """An upload that is not a logo we accept; the message says why."""


@dataclass(frozen=True)
class CheckedImage:
    kind: str
    media_type: str
    width: int
    height: int
    data: bytes  # the rewritten file


def check_logo(data: bytes) -> CheckedImage:
    """The image, checked by content and stripped; ImageError with the reason."""
    if not data:
        raise ImageError("Choose an image file to upload.")
    if len(data) > MAX_LOGO_BYTES:
        raise ImageError("The logo is larger than 1 MB. Use a smaller image.")
    if data.startswith(PNG_SIGNATURE):
        kind, (width, height, clean) = "png", _png(data)
    elif data.startswith(b"\xff\xd8\xff"):
        kind, (width, height, clean) = "jpeg", _jpeg(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind, (width, height, clean) = "webp", _webp(data)
    else:
        raise ImageError(UNSUPPORTED)
    return CheckedImage(kind, KINDS[kind], width, height, clean)


def _check_size(width: int, height: int) -> None:
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(
            f"The image is {width}×{height} pixels; at most {MAX_SIDE}×{MAX_SIDE} "
            "is accepted."
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(
            f"The image is {width}×{height} pixels; use at least {MIN_SIDE} each way."
        )


def _broken(kind: str) -> ImageError:
    return ImageError(f"This {kind} file is damaged or incomplete.")


# --- PNG -------------------------------------------------------------------------

# Allowed bit depths per colour type, and samples per pixel.
PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
PNG_SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
PNG_KEPT = (b"PLTE", b"tRNS", b"gAMA", b"sRGB")  # drawn; text, EXIF, ICC and time go
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4))
ADAM7 += ((1, 0, 2, 2), (0, 1, 1, 2))


def _png_chunks(data: bytes):
    offset = len(PNG_SIGNATURE)
    while offset < len(data):
        if offset + 12 > len(data):
            raise _broken("PNG")
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        end = offset + 12 + length
        if len(body) != length or end > len(data):
            raise _broken("PNG")
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            raise _broken("PNG")
        yield kind, body
        offset = end
        if kind == b"IEND":
            return  # bytes after the end are dropped
    raise _broken("PNG")


def _png_raw_size(width, height, depth, color_type, interlace) -> int:
    """Bytes of filtered scanlines the header promises."""
    bits = depth * PNG_SAMPLES[color_type]
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    size = 0
    for x0, y0, dx, dy in passes:
        pass_width = (width - x0 + dx - 1) // dx
        pass_height = (height - y0 + dy - 1) // dy
        if pass_width > 0 and pass_height > 0:
            size += pass_height * (1 + (pass_width * bits + 7) // 8)
    return size


def _png(data: bytes):
    chunks = list(_png_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise _broken("PNG")
    header = chunks[0][1]
    width, height, depth, color_type, method, filters, interlace = struct.unpack(
        ">IIBBBBB", header
    )
    if (
        depth not in PNG_DEPTHS.get(color_type, ())
        or (method, filters) != (0, 0)
        or interlace not in (0, 1)
    ):
        raise _broken("PNG")
    _check_size(width, height)  # before inflating anything
    kinds = [kind for kind, _ in chunks]
    if color_type == 3 and b"PLTE" not in kinds:
        raise _broken("PNG")
    if b"acTL" in kinds:
        raise ImageError("Animated images are not accepted; use a still logo.")
    compressed = b"".join(body for kind, body in chunks if kind == b"IDAT")
    expected = _png_raw_size(width, height, depth, color_type, interlace)
    pixels = _inflate(compressed, expected)
    line = 1 + (width * depth * PNG_SAMPLES[color_type] + 7) // 8
    if not interlace and any(pixels[i] > 4 for i in range(0, len(pixels), line)):
        raise _broken("PNG")  # every scanline starts with a filter type 0-4
    out = [PNG_SIGNATURE, _png_chunk(b"IHDR", header)]
    out += [_png_chunk(kind, body) for kind, body in chunks if kind in PNG_KEPT]
    out += [_png_chunk(b"IDAT", zlib.compress(pixels, 9)), _png_chunk(b"IEND", b"")]
    return width, height, b"".join(out)


def _inflate(compressed: bytes, expected: int) -> bytes:
    """Exactly `expected` bytes out of a zlib stream, never more kept in memory."""
    inflater = zlib.decompressobj()
    try:
        pixels = inflater.decompress(compressed, expected + 1)
    except zlib.error as error:
        raise _broken("PNG") from error
    if len(pixels) != expected or not inflater.eof:
        raise _broken("PNG")
    return pixels


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


# --- JPEG ------------------------------------------------------------------------

SOF_MARKERS = {0xC0, 0xC1, 0xC2}  # baseline, extended, progressive (Huffman)
JPEG_KEPT_APP = {0xE0, 0xEE}  # JFIF, Adobe (colour transform); EXIF, XMP, ICC go
STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _jpeg(data: bytes):
    out = [b"\xff\xd8"]
    offset, size, scans = 2, None, 0
    while True:
        if offset + 2 > len(data) or data[offset] != 0xFF:
            raise _broken("JPEG")
        marker = data[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker == 0xD9:  # end of image: anything after it is dropped
            break
        if marker in STANDALONE:
            out.append(data[offset : offset + 2])
            offset += 2
            continue
        if offset + 4 > len(data):
            raise _broken("JPEG")
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        end = offset + 2 + length
        if length < 2 or end > len(data):
            raise _broken("JPEG")
        segment = data[offset:end]
        if marker in SOF_MARKERS:
            if length < 8 or size is not None:
                raise _broken("JPEG")
            height, width = struct.unpack(">HH", data[offset + 5 : offset + 9])
            if data[offset + 9] not in (1, 3, 4):
                raise _broken("JPEG")
            _check_size(width, height)
            size = width, height
        elif 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            raise ImageError("This kind of JPEG (lossless or arithmetic) is not used.")
        keep = not (0xE0 <= marker <= 0xEF or marker == 0xFE)
        if keep or marker in JPEG_KEPT_APP:
            out.append(segment)
        offset = end
        if marker == 0xDA:  # start of scan: entropy-coded data until a marker
            if size is None:
                raise _broken("JPEG")
            scans += 1
            scan_end = _scan_end(data, offset)
            out.append(data[offset:scan_end])
            offset = scan_end
    if size is None or not scans:
        raise _broken("JPEG")
    out.append(b"\xff\xd9")
    return size[0], size[1], b"".join(out)


def _scan_end(data: bytes, offset: int) -> int:
    """Where entropy-coded data stops: the first marker that is not a restart or a
    stuffed zero."""
    while True:
        found = data.find(b"\xff", offset)
        if found < 0 or found + 1 >= len(data):
            raise _broken("JPEG")
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            offset = found + 2
            continue
        return found


# --- WebP ------------------------------------------------------------------------

WEBP_KEPT = (b"VP8 ", b"VP8L", b"ALPH", b"VP8X")  # EXIF, XMP, ICCP go


def _webp_chunks(data: bytes):
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 != len(data) or riff_size < 4:
        raise _broken("WebP")
    offset = 12
    while offset < len(data):
        if offset + 8 > len(data):
            raise _broken("WebP")
        kind = data[offset : offset + 4]
        (length,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if len(body) != length:
            raise _broken("WebP")
        yield kind, body
        offset += 8 + length + (length & 1)


def _webp_size(kind: bytes, body: bytes) -> tuple[int, int]:
    if kind == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if kind == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        (bits,) = struct.unpack("<I", body[1:5])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8X" and len(body) >= 10:
        width = int.from_bytes(body[4:7], "little") + 1
        return width, int.from_bytes(body[7:10], "little") + 1
    raise _broken("WebP")


def _webp(data: bytes):
    chunks = list(_webp_chunks(data))
    if not chunks or chunks[0][0] not in (b"VP8 ", b"VP8L", b"VP8X"):
        raise _broken("WebP")
    width, height = _webp_size(*chunks[0])
    _check_size(width, height)
    kinds = [kind for kind, _ in chunks]
    if b"ANIM" in kinds or b"ANMF" in kinds:
        raise ImageError("Animated images are not accepted; use a still logo.")
    if not any(kind in (b"VP8 ", b"VP8L") for kind in kinds):
        raise _broken("WebP")
    body = b""
    for kind, chunk in chunks:
        if kind not in WEBP_KEPT:
            continue
        if kind == b"VP8X":  # say no ICC, EXIF or XMP any more (flags 0x20, 8, 4)
            chunk = bytes([chunk[0] & ~0x2C & 0xFF]) + chunk[1:]
        elif kind != b"ALPH":
            _webp_size(kind, chunk)  # every frame header must read
        body += kind + struct.pack("<I", len(chunk)) + chunk + b"\0" * (len(chunk) & 1)
    return width, height, b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body
