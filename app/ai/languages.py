"""How prompts name an interview's language: "Spanish (es)", from Babel's CLDR data,
so a model is told the language by name and by code, for any code a recruiter uses."""

from babel import Locale, UnknownLocaleError


def language_label(code: str | None) -> str:
    """The language's English name and its code: "es" -> "Spanish (es)", "pt-BR" ->
    "Portuguese (Brazil) (pt-BR)"; an unknown code is given as it is."""
    code = (code or "en").strip() or "en"
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name("en")
    except (ValueError, TypeError, UnknownLocaleError):
        name = None
    return f"{name} ({code})" if name else code
