"""Languages: which locales Viva ships, and which one a page or an email speaks.

Candidate pages and emails speak their interview's language when Viva has a catalog
for it (app/translations/<locale>/LC_MESSAGES/messages.po), English otherwise; portal
pages are English. Adding a language = a catalog here + a phrases file for the offline
interviewer (app/ai/phrases/<locale>.json); see the README, "Languages".
"""

from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_datetime
from flask import Flask, has_request_context, request
from flask_babel import get_locale, refresh

from app.extensions import babel

# The locales that have a catalog and offline interviewer phrases. English is the
# source language: its "catalog" is the text in the templates.
SUPPORTED_LOCALES = ("en", "es", "fr", "de")
DEFAULT_LOCALE = "en"
# Where a page's chosen locale is kept: on the request, never on the app context (which
# a test client, or a job, may share between requests).
LOCALE_KEY = "viva.locale"


def locale_for(language: str | None) -> str:
    """The shipped locale for an interview language ("es-MX" -> "es", "ja" -> "en")."""
    base = (language or "").replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED_LOCALES else DEFAULT_LOCALE


def language_name(language: str, in_locale: str | None = None) -> str:
    """A language's name, in `in_locale` (default: in itself): "es" -> "español"."""
    base = (language or DEFAULT_LOCALE).replace("-", "_")
    try:
        locale = Locale.parse(in_locale or base)
        name = locale.languages.get(base.split("_")[0])
    except (ValueError, TypeError):
        name = None
    return name or language


def use_locale(language: str | None) -> None:
    """Speak this interview language on the current page (candidate pages call it)."""
    request.environ[LOCALE_KEY] = locale_for(language)
    refresh()  # drop a locale Flask-Babel cached earlier in this request


def select_locale() -> str:
    """Flask-Babel's locale selector: the page's chosen locale, else English."""
    if has_request_context():
        return request.environ.get(LOCALE_KEY, DEFAULT_LOCALE)
    return DEFAULT_LOCALE


def format_moment(moment: datetime, locale: str) -> str:
    """A date and time for candidates: "Friday 4 December 2026 at 14:30 UTC", or the
    same in the locale's words ("viernes, 4 de diciembre de 2026, 14:30 UTC")."""
    if locale == DEFAULT_LOCALE:
        return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M} UTC"
    date_pattern = Locale.parse(locale).date_formats["full"].pattern
    return format_datetime(moment, f"{date_pattern}, HH:mm", locale=locale) + " UTC"


def format_day(moment: datetime, locale: str) -> str:
    """A short date: "4 Dec 2026", "4 dic 2026"."""
    return format_date(moment, "d MMM y", locale=locale)


def page_language() -> str:
    """The language code of what is being rendered (for <html lang>)."""
    return str(get_locale() or DEFAULT_LOCALE)


def register_i18n(app: Flask) -> None:
    """Bind Flask-Babel (catalogs in app/translations) with Viva's locale selector."""
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel caches the locale on `g`; each request chooses afresh.
    app.before_request(refresh)
    app.jinja_env.globals["page_language"] = page_language
