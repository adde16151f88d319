"""Practice sessions that stop: ended early (feedback on the answers given, or
cancelled when nothing was answered), and abandoned by the sweep (scored, and the
history says so)."""

from datetime import timedelta

from app.extensions import db
from app.models import InterviewSession, PracticeSession, utcnow
from app.tasks import sweep_abandoned_sessions
from tests.factories import page_login
from tests.practice.conftest import LONG_ANSWER
from tests.support.asserts import assert_error

SESSIONS = "/api/v1/practice/sessions"


def _started(api, length=4) -> int:
    created = api.post(SESSIONS, json={"track": "backend", "length": length})
    session_id = created.get_json()["id"]
    assert api.post(f"{SESSIONS}/{session_id}/start").status_code == 200
    return session_id


def _answer(api, session_id, times: int) -> None:
    for n in range(times):
        response = api.post(
            f"{SESSIONS}/{session_id}/answers",
            json={"client_id": f"e{n}", "text": LONG_ANSWER},
        )
        assert response.status_code == 200, response.get_json()


def _practice(session_id) -> PracticeSession:
    db.session.expire_all()
    return db.session.get(PracticeSession, session_id)


def test_ending_early_gives_feedback_on_the_answers_given(api, candidate):
    api.login(candidate)
    session_id = _started(api)
    _answer(api, session_id, 2)  # the warm-up and the first main question
    ended = api.post(f"{SESSIONS}/{session_id}/end")
    assert ended.status_code == 200, ended.get_json()
    assert ended.get_json()["status"] == "completed"
    feedback = api.get(f"{SESSIONS}/{session_id}/feedback").get_json()
    assert len(feedback["answers"]) == 1 and feedback["overall"] > 0
    engine = _practice(session_id).interview_session
    assert engine.status == "completed" and engine.ended_early
    assert_error(api.post(f"{SESSIONS}/{session_id}/end"), 409, "CONFLICT")


def test_ending_early_with_nothing_answered_cancels(api, candidate):
    api.login(candidate)
    session_id = _started(api)
    ended = api.post(f"{SESSIONS}/{session_id}/end")
    assert ended.get_json()["status"] == "cancelled"
    pending = api.post(SESSIONS, json={"track": "backend"}).get_json()["id"]
    assert_error(api.post(f"{SESSIONS}/{pending}/end"), 409, "CONFLICT")


def test_an_idle_practice_session_is_abandoned_scored_and_listed(
    app, api, client, candidate
):
    page_login(client, candidate)
    api.login(candidate)
    session_id = _started(api)
    _answer(api, session_id, 2)
    idle = app.config["SESSION_UNTIMED_IDLE_MINUTES"]
    early = utcnow() + timedelta(minutes=idle - 5)
    assert sweep_abandoned_sessions.call_local(early) == 0
    practice = _practice(session_id)
    assert practice.status == "ongoing"  # practice is untimed: the idle limit applies
    assert (
        sweep_abandoned_sessions.call_local(utcnow() + timedelta(minutes=idle + 1)) == 1
    )
    practice = _practice(session_id)
    assert practice.status == "abandoned" and practice.overall_score is not None
    assert db.session.get(InterviewSession, practice.interview_session_id).status == (
        "abandoned"
    )
    feedback = api.get(f"{SESSIONS}/{session_id}/feedback")
    assert feedback.status_code == 200 and len(feedback.get_json()["answers"]) == 1
    history = client.get("/practice").get_data(as_text=True)
    assert "Abandoned" in history
    page = client.get(f"/practice/sessions/{session_id}").get_data(as_text=True)
    assert "Abandoned: this session was left idle" in page
