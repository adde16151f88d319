"""POST /api/v1/tts: MP3 from an OpenAI-compatible speech service (a local fake here)
for the room's candidate or a signed-in user; 503 in the envelope when unconfigured or
failing (the page then uses the browser's voice); validated, capped, rate-limited."""

import pytest

from app.extensions import db
from app.live import conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.models import utcnow
from tests import factories
from tests.fakes.openai_server import FAKE_MP3, Error, FakeOpenAI, Stall
from tests.support.asserts import assert_error

URL = "/api/v1/tts"
TEXT = {"text": "Tell me about a project you are proud of."}


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def configured(app, fake, monkeypatch):
    fake.reset()
    for key, value in {
        "TTS_BASE_URL": fake.url,
        "TTS_API_KEY": "tts-secret",
        "TTS_MODEL": "kokoro",
        "TTS_VOICE": "af_heart",
        "TTS_TIMEOUT_SECONDS": 1,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return fake


@pytest.fixture
def in_the_room(client, interview):
    """The client holds the participant cookie of a running session."""
    invitation, _ = factories.make_invitation(interview, consented_at=utcnow())
    session = conductor.start_session(invitation)
    db.session.commit()
    client.set_cookie(COOKIE_NAME, participant_token(session.id, invitation.id))
    return session


def test_the_rooms_candidate_gets_audio_from_the_service(
    client, configured, in_the_room
):
    response = client.post(URL, json=TEXT)
    assert response.status_code == 200
    assert response.mimetype == "audio/mpeg" and response.data == FAKE_MP3
    seen = configured.requests[-1]
    assert seen.authorization == "Bearer tts-secret"
    assert seen.body["input"] == TEXT["text"]
    assert (seen.body["model"], seen.body["voice"]) == ("kokoro", "af_heart")


def test_a_signed_in_user_may_choose_a_voice(api, recruiter, configured):
    api.login(recruiter)
    response = api.post(URL, json={**TEXT, "voice": "bm_george"})
    assert response.status_code == 200 and response.data == FAKE_MP3
    assert configured.requests[-1].body["voice"] == "bm_george"


def test_anyone_else_gets_401_and_the_service_is_not_called(client, configured):
    assert_error(client.post(URL, json=TEXT), 401, "AUTH_ERROR")
    assert configured.requests == []


def test_unconfigured_answers_503_with_the_envelope(client, in_the_room):
    body = assert_error(client.post(URL, json=TEXT), 503, "CONFIG_ERROR")
    assert "browser" in body["message"]


@pytest.mark.parametrize("failure", [Error(500), Error(401, "bad key"), Stall(3)])
def test_a_failing_service_answers_503(client, configured, in_the_room, failure):
    configured.script(failure)
    body = assert_error(client.post(URL, json=TEXT), 503, "SERVICE_UNAVAILABLE")
    assert "tts-secret" not in str(body)


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 4097}, "text"),
        ({"text": "Hello", "voice": "../etc"}, "voice"),
        ({}, "text"),
    ],
)
def test_bad_input_is_refused_before_the_service(
    client, configured, in_the_room, payload, field
):
    body = assert_error(client.post(URL, json=payload), 422, "VALIDATION_ERROR")
    assert field in body["details"]
    assert configured.requests == []


def test_requests_are_rate_limited_per_caller(
    app, client, configured, in_the_room, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_TTS", "2 per minute")
    assert client.post(URL, json=TEXT).status_code == 200
    assert client.post(URL, json=TEXT).status_code == 200
    assert_error(client.post(URL, json=TEXT), 429, "RATE_LIMITED")
    assert len(configured.requests) == 2


def test_the_room_offers_voice_and_names_the_service_only_when_configured(
    app, client, in_the_room, monkeypatch
):
    room = client.get("/interview", headers={"Accept": "text/html"})
    page = room.get_data(as_text=True)
    assert 'id="room-voice"' in page and 'data-tts-url=""' in page
    assert "js/room-voice.js" in page
    monkeypatch.setitem(app.config, "TTS_BASE_URL", "http://127.0.0.1:9/v1")
    page = client.get("/interview", headers={"Accept": "text/html"}).get_data(
        as_text=True
    )
    assert 'data-tts-url="/api/v1/tts"' in page
