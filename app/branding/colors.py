"""Accent colours a recruiter picks, made readable (WCAG 2 contrast ratios).

The colour is kept as given; what the pages need is derived from it: the text on a
button of that colour (white or near-black, whichever reads better: one of them always
reaches 4.5:1), and a version for links and labels on the white page, darkened until
it reaches 4.5:1. A colour so light that a button of it vanishes on the page is
refused.
"""

import re
from dataclasses import dataclass

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
INK = "#141627"  # the pages' text colour (static/css/base.css)
TEXT_CONTRAST = 4.5  # WCAG AA for body text
MIN_SURFACE_CONTRAST = 1.3  # below this a button of the colour is lost on white


class ColorError(ValueError):
    """A colour that is not #rrggbb or cannot be made readable."""


@dataclass(frozen=True)
class AccentColors:
    color: str  # as given, lower-cased: backgrounds of buttons and marks
    on_color: str  # text on the colour
    text_color: str  # the colour as text on white (darkened when needed)
    hover: str
    active: str
    soft: str  # a pale tint for backgrounds
    soft_border: str
    contrast_on_white: float
    adjusted: bool  # text_color differs from color


def _channels(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def _hex(channels) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in channels)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""

    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    a, b = relative_luminance(first), relative_luminance(second)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def mix(color: str, other: str, share: float) -> str:
    """`color` moved `share` (0-1) of the way towards `other`."""
    return _hex(
        a + (b - a) * share
        for a, b in zip(_channels(color), _channels(other), strict=True)
    )


def _darkened_for_text(color: str) -> str:
    """The colour darkened in small steps until it reads on white (4.5:1)."""
    step = 0.0
    candidate = color
    while contrast(candidate, WHITE) < TEXT_CONTRAST and step < 1:
        step += 0.05
        candidate = mix(color, "#000000", step)
    return candidate


def normalize(value: str) -> str:
    """#rrggbb, lower-cased; ColorError otherwise (no names, no #rgb shorthand)."""
    if not isinstance(value, str) or not HEX_COLOR.match(value.strip()):
        raise ColorError("Use a colour written as #rrggbb, for example #0f766e.")
    color = value.strip().lower()
    if contrast(color, WHITE) < MIN_SURFACE_CONTRAST:
        raise ColorError(
            f"{color} is too close to white (contrast {contrast(color, WHITE):.2f}:1 "
            f"on the white page, at least {MIN_SURFACE_CONTRAST}:1 needed): buttons "
            "in it would not be seen. Choose a darker colour."
        )
    return color


def accent_colors(color: str) -> AccentColors:
    """Everything the pages derive from a valid accent colour."""
    on_color = WHITE if contrast(color, WHITE) >= contrast(color, INK) else INK
    text_color = _darkened_for_text(color)
    darker = INK if on_color == WHITE else "#000000"
    return AccentColors(
        color=color,
        on_color=on_color,
        text_color=text_color,
        hover=mix(color, darker, 0.12),
        active=mix(color, darker, 0.24),
        soft=mix(color, WHITE, 0.9),
        soft_border=mix(color, WHITE, 0.75),
        contrast_on_white=round(contrast(color, WHITE), 2),
        adjusted=text_color != color,
    )


def describe(colors: AccentColors) -> str:
    """What was made of the colour, for the recruiter."""
    on = "white" if colors.on_color == WHITE else "dark"
    ratio = contrast(colors.color, colors.on_color)
    text = f"Buttons use {colors.color} with {on} text ({ratio:.1f}:1)."
    if colors.adjusted:
        text += (
            f" On the white page {colors.color} reads at only "
            f"{colors.contrast_on_white:.1f}:1, so links and labels use the darker "
            f"{colors.text_color} ({contrast(colors.text_color, WHITE):.1f}:1)."
        )
    return text
