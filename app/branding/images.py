"""Logo images checked by content with Pillow, then written again without metadata.

The file's name and the type the browser sent are never trusted: Pillow identifies the
bytes, and only PNG, JPEG and WebP are opened (SVG is refused: it can carry scripts).
The dimensions are read from the header and checked before any pixel is decoded, so a
decompression bomb stops there; a damaged or cut-short file fails to decode. What is
stored is a new file encoded from the decoded pixels alone: text chunks, EXIF, XMP,
ICC profiles, comments and anything after the image are gone.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 1024 * 1024
MAX_SIDE = 2000  # pixels, each way
MIN_SIDE = 16
MAX_PIXELS = 2000 * 2000

FORMATS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}
SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF")
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
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=tuple(FORMATS)) as image:
                kind = FORMATS[image.format]
                width, height = image.size
                _check_size(width, height)  # from the header, before decoding
                if getattr(image, "is_animated", False):
                    raise ImageError(
                        "Animated images are not accepted; use a still logo."
                    )
                try:
                    image.load()
                except Exception as exc:  # truncated, bad CRC, bad stream...
                    raise ImageError(
                        f"This {kind.upper()} file is damaged or incomplete."
                    ) from exc
                clean = _rewritten(image, kind)
    except UnidentifiedImageError:
        if data.startswith(SIGNATURES):  # one of ours, but it would not open
            raise ImageError("This image file is damaged or incomplete.") from None
        raise ImageError(UNSUPPORTED) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(
            f"The image is far too large; at most {MAX_SIDE}×{MAX_SIDE} pixels is "
            "accepted."
        ) from None
    except ImageError:
        raise
    except (OSError, SyntaxError, ValueError) as exc:  # a broken header or chunk
        raise ImageError("This image file is damaged or incomplete.") from exc
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


def _rewritten(image: Image.Image, kind: str) -> bytes:
    """A new file of the same kind from the decoded pixels, with no metadata."""
    image.info.clear()  # text, EXIF, XMP and ICC are never written back
    out = io.BytesIO()
    if kind == "jpeg":
        pixels = image if image.mode in ("L", "RGB") else image.convert("RGB")
        pixels.save(out, "JPEG", quality=90)
    elif kind == "webp":
        image.save(out, "WEBP", quality=90, method=4)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
