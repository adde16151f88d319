"""The provider registry, the offline provider and GET /api/v1/ai/status."""

import importlib

import pytest

from app.ai import interviewer
from app.ai.providers import KNOWN_PROVIDERS, describe_provider, get_provider, offline
from app.ai.providers.base import UnsupportedTask
from app.ai.providers.offline import OfflineProvider, word_chunks
from app.ai.providers.streams import TurnStream
from app.errors import ConfigError
from tests.support.asserts import assert_error

STATUS = "/api/v1/ai/status"


def test_get_provider_caches_one_instance_per_app(app):
    first = get_provider(app)
    assert isinstance(first, OfflineProvider)
    assert (first.name, first.model) == ("offline", "viva-offline-1")
    assert get_provider() is first


def test_an_unknown_provider_is_a_config_error(app, monkeypatch):
    monkeypatch.setitem(app.config, "AI_PROVIDER", "nonexistent")
    with pytest.raises(ConfigError) as raised:
        get_provider(app)
    assert raised.value.status == 503
    report = describe_provider(app)
    assert report["status"] == "unavailable"
    assert report["provider"] == "nonexistent"
    assert "Unknown AI provider" in report["last_error"]


def test_gemini_without_a_usable_setup_is_a_config_error(app, monkeypatch):
    monkeypatch.setitem(app.config, "AI_PROVIDER", "gemini")
    monkeypatch.setitem(app.config, "GEMINI_API_KEY", None)
    with pytest.raises(ConfigError):
        get_provider(app)
    assert describe_provider(app)["status"] == "unavailable"


def test_offline_health_is_ok():
    assert OfflineProvider().health() == {
        "provider": "offline",
        "model": "viva-offline-1",
        "status": "ok",
        "last_error": None,
    }


CLOSING = {
    "kind": "closing",
    "candidate_name": "Kim Lee",
    "company": "Acme",
    "time_up": False,
}


def test_offline_replies_word_the_turn_and_stream_like_any_provider():
    provider = OfflineProvider()
    stream = provider.stream_reply({"turn": CLOSING})
    assert isinstance(stream, TurnStream) and stream.chunks_sent == 0  # lazy
    text = "".join(stream)
    assert text == interviewer.lead_in(CLOSING)
    assert text.startswith("Thank you, Kim.")
    assert (stream.provider, stream.model) == ("offline", "viva-offline-1")
    assert stream.chunks_sent == len(word_chunks(text))
    assert stream.latency_ms is not None
    assert "".join(provider.stream_reply({})) == "Thank you. Let's continue."
    assert word_chunks("\n\nHi  there") == ["\n\n", "Hi  ", "there"]


def test_the_offline_provider_paces_its_own_words(monkeypatch):
    pauses = []
    monkeypatch.setattr(offline.time, "sleep", pauses.append)
    provider = offline.create_provider({"AI_OFFLINE_CHUNK_DELAY_MS": 25})
    chunks = list(provider.stream_reply({"turn": CLOSING}))
    assert len(chunks) > 5
    assert pauses == [0.025] * (len(chunks) - 1)  # between words, none before


def test_offline_answers_only_tasks_it_knows():
    provider = OfflineProvider()
    answer = provider.generate_json(
        "draft_questions", {"count": 2, "role_title": "QA"}, {}
    )
    assert len(answer["questions"]) == 2
    with pytest.raises(UnsupportedTask):
        provider.generate_json("write_a_poem", {}, {})


def test_status_endpoint_reports_the_provider(api, recruiter):
    api.login(recruiter)
    response = api.get(STATUS)
    assert response.status_code == 200
    assert response.get_json() == {
        "provider": "offline",
        "model": "viva-offline-1",
        "status": "ok",
        "last_error": None,
    }


def test_status_endpoint_reports_an_unavailable_provider(app, api, admin, monkeypatch):
    monkeypatch.setitem(app.config, "AI_PROVIDER", "gemini")
    monkeypatch.setitem(app.config, "GEMINI_API_KEY", None)
    api.login(admin)
    body = api.get(STATUS).get_json()
    assert body["provider"] == "gemini" and body["status"] == "unavailable"
    assert body["last_error"]


def test_status_endpoint_needs_a_recruiter_or_admin(api):
    assert_error(api.get(STATUS), 401, "AUTH_ERROR")
    from tests import factories

    api.login(factories.make_user(role="candidate"))
    assert_error(api.get(STATUS), 403, "FORBIDDEN")


def test_status_endpoint_is_documented(api, admin):
    api.login(admin)
    operation = api.get("/apispec.json").get_json()["paths"][STATUS]["get"]
    assert operation["tags"] == ["ai"]
    assert {"200", "401", "403"} <= set(operation["responses"])


@pytest.mark.parametrize("name", KNOWN_PROVIDERS)
def test_every_provider_streams_a_turn_stream_and_starts_nothing_until_read(app, name):
    """The one stream type (app/ai/providers/base.py): returned at once, no request
    made until it is iterated (the address below refuses connections)."""
    config = {
        **app.config,
        "AI_PROVIDER": name,
        "GEMINI_API_KEY": "test-key",
        "GEMINI_BASE_URL": "http://127.0.0.1:9",
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "OPENAI_MODEL": "test-model",
    }
    provider = importlib.import_module(f"app.ai.providers.{name}").create_provider(
        config
    )
    prompt = {"system": "s", "contents": "c", "turn": CLOSING, "max_output_tokens": 50}
    stream = provider.stream_reply(prompt)
    assert isinstance(stream, TurnStream)
    assert (stream.provider, stream.chunks_sent, stream.latency_ms) == (name, 0, None)
