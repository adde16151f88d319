"""The provider registry, the offline provider and GET /api/v1/ai/status."""

import pytest

from app.ai.providers import describe_provider, get_provider
from app.ai.providers.base import UnsupportedTask
from app.ai.providers.offline import OfflineProvider, word_chunks
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


def test_offline_replies_say_the_fallback_verbatim():
    provider = OfflineProvider()
    text = "Thanks. Next: how would you test a login form?"
    assert "".join(provider.stream_reply({"fallback": text})) == text
    assert "".join(provider.stream_reply({})) == "Thank you. Let's continue."
    assert word_chunks("\n\nHi  there") == ["\n\n", "Hi  ", "there"]


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
