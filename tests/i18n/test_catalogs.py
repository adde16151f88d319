"""Every shipped language is complete: its catalog translates every string with the
same placeholders, its compiled .mo matches its .po, and the offline interviewer has
every phrase. A new language added half-way fails here, not in front of a candidate."""

import re
import string
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.ai import interviewer
from app.i18n import SUPPORTED_LOCALES
from app.i18n.detect import detect_language

TRANSLATIONS = Path(interviewer.__file__).parents[1] / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
OTHER_LOCALES = [locale for locale in SUPPORTED_LOCALES if locale != "en"]


def catalog(locale: str):
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        return read_po(po, locale=locale)


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_the_catalog_translates_every_string_with_its_placeholders(locale):
    with (TRANSLATIONS / "messages.pot").open("rb") as pot:
        wanted = {m.id for m in read_po(pot) if m.id}
    translated = catalog(locale)
    assert {m.id for m in translated if m.id} == wanted, "run `make translations`"
    for message in translated:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        assert all(texts), message.id
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in texts:
            assert set(PLACEHOLDER.findall(text)) == expected, (message.id, text)


def plain(value):
    """A message id or string as one hashable shape (plurals as tuples)."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_the_compiled_catalog_matches_its_source(locale):
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"
    with path.open("rb") as mo:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(mo) if m.id}
    source = {plain(m.id): plain(m.string) for m in catalog(locale) if m.id}
    assert compiled == source, "run `make translations` to compile the catalogs"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_offline_interviewer_has_every_phrase(locale):
    english, words = interviewer.phrases("en"), interviewer.phrases(locale)
    assert set(words) == set(english)
    for key in ("plain_acknowledgements", "dont_know_acknowledgements", "follow_ups"):
        assert words[key], key
    assert fields(words["greeting"]) == fields(english["greeting"])
    assert fields(words["closing"]) == fields(english["closing"])
    turn = {
        "language": locale,
        "persona_name": "Robin",
        "role_title": "Data Engineer",
        "company": "Acme",
        "candidate_name": "",
        "question_count": 1,
        "time_limit_minutes": 15,
    }
    for kind in ("greeting", "closing"):
        text = interviewer.lead_in({**turn, "kind": kind})
        assert "{" not in text and ", ." not in text and "  " not in text, text


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_the_follow_ups_read_as_their_language(locale):
    words = interviewer.phrases(locale)
    assert detect_language(" ".join(words["follow_ups"])) == locale


def test_an_unknown_language_gets_the_english_phrases():
    assert interviewer.phrases("ja") == interviewer.phrases("en")
    assert interviewer.phrases("../en") == interviewer.phrases("en")
