"""Practice reads as practice: no hiring team, no time limit, no timer; the API's
turns are not paced."""

import time

from app.extensions import db
from app.live import progress
from app.models import InterviewSession, PracticeSession
from tests.factories import page_login
from tests.practice.conftest import run_session

HIRING_WORDS = ("hiring team", "240", "minutes", "time limit for this")


def test_practice_greeting_and_closing_speak_of_practice(api, candidate):
    api.login(candidate)
    session_id, replies = run_session(api, length=3)
    greeting, closing = replies[0]["text"], replies[-1]["text"]
    for text in (greeting, closing):
        assert not any(word in text for word in HIRING_WORDS), text
    assert "practice interviewer" in greeting and "no time limit" in greeting
    assert "end of this practice interview" in closing and "feedback" in closing


def test_a_practice_interview_is_untimed_and_its_room_has_no_timer(
    app, client, candidate
):
    csrf = page_login(client, candidate)
    response = client.post(
        "/practice/sessions",
        data={"csrf_token": csrf, "track": "backend", "company": "general"},
    )
    room = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="room-timer"' not in room and "Time left" not in room
    practice = PracticeSession.query.one()
    engine = db.session.get(InterviewSession, practice.interview_session_id)
    assert engine.invitation.interview.untimed
    assert engine.invitation.interview.practice
    assert progress.session_progress(engine)["deadline"] is None


def test_the_api_answers_without_the_offline_pacing(app, api, candidate, monkeypatch):
    # A pace that would take minutes per turn if it applied to the API path.
    monkeypatch.setitem(app.config, "AI_OFFLINE_CHUNK_DELAY_MS", 2000)
    app.extensions.pop("viva_ai_providers", None)
    api.login(candidate)
    began = time.monotonic()
    run_session(api, length=3)
    assert time.monotonic() - began < 30
    app.extensions.pop("viva_ai_providers", None)
