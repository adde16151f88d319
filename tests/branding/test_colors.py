"""Accent colours: #rrggbb only, readable text derived, near-white refused."""

import pytest

from app.branding.colors import (
    ColorError,
    accent_colors,
    contrast,
    describe,
    normalize,
)


def test_contrast_ratios_match_the_wcag_figures():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("value", ["red", "#fff", "0f766e", "#0f766g", "#0f766e0", ""])
def test_only_hex_colours_are_accepted(value):
    with pytest.raises(ColorError, match="#rrggbb"):
        normalize(value)


def test_a_colour_too_close_to_white_is_refused_and_the_message_says_why():
    with pytest.raises(ColorError, match=r"too close to white \(contrast 1.0"):
        normalize("#FAFAFA")


def test_a_dark_colour_is_kept_with_white_text():
    colors = accent_colors(normalize("#0F766E"))
    assert colors.color == "#0f766e" and colors.text_color == "#0f766e"
    assert colors.on_color == "#ffffff" and not colors.adjusted
    assert contrast(colors.color, colors.on_color) >= 4.5


def test_a_light_colour_gets_dark_button_text_and_a_darker_shade_for_text():
    colors = accent_colors(normalize("#facc15"))  # yellow: 1.5:1 on white
    assert colors.on_color == "#141627"
    assert contrast(colors.color, colors.on_color) >= 4.5
    assert colors.adjusted and colors.text_color != "#facc15"
    assert contrast(colors.text_color, "#ffffff") >= 4.5
    note = describe(colors)
    assert "dark text" in note and colors.text_color in note and "1.5:1" in note
