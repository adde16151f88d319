"""A practice session's lifecycle over the API: every allowed transition, every refused
one (409 with the envelope), and validation."""

import pytest

from app.extensions import db
from app.models import InterviewSession, PracticeSession
from tests.practice.conftest import LONG_ANSWER, run_session
from tests.support.asserts import assert_error

SESSIONS = "/api/v1/practice/sessions"


def _create(api, **body):
    response = api.post(SESSIONS, json={"track": "backend", **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _action(api, session_id, action, **kwargs):
    return api.post(f"{SESSIONS}/{session_id}/{action}", **kwargs)


def _status(session_id):
    db.session.expire_all()
    return db.session.get(PracticeSession, session_id).status


def test_create_start_answer_finalize(api, candidate):
    api.login(candidate)
    created = _create(api, company="google", difficulty="easy", length=3)
    assert (created["status"], created["difficulty"], created["length"]) == (
        "pending",
        "easy",
        3,
    )
    session_id, replies = run_session(api, length=3)
    assert _status(session_id) == "ongoing"
    assert replies[0]["role"] == "interviewer" and "Cara" in replies[0]["text"]
    feedback = _action(api, session_id, "finalize")
    assert feedback.status_code == 200, feedback.get_json()
    assert _status(session_id) == "completed"
    body = feedback.get_json()
    assert len(body["answers"]) == 3
    assert api.get(f"{SESSIONS}/{session_id}/feedback").get_json() == body
    listed = api.get(SESSIONS).get_json()
    assert [s["status"] for s in listed["items"]] == ["completed", "pending"]


def test_cancel_from_pending_and_from_ongoing(api, candidate):
    api.login(candidate)
    pending = _create(api)["id"]
    assert _action(api, pending, "cancel").get_json()["status"] == "cancelled"
    ongoing = _create(api)["id"]
    assert _action(api, ongoing, "start").status_code == 200
    ended = _action(api, ongoing, "cancel").get_json()
    assert ended["status"] == "cancelled" and ended["ended_at"]
    engine = db.session.get(
        InterviewSession, db.session.get(PracticeSession, ongoing).interview_session_id
    )
    assert engine.status == "abandoned"


ANSWER = {"json": {"client_id": "x1", "text": LONG_ANSWER}}


@pytest.mark.parametrize(
    "setup, action, kwargs",
    [
        ("pending", "finalize", {}),
        ("pending", "answers", ANSWER),
        ("ongoing", "start", {}),
        ("ongoing", "finalize", {}),
        ("cancelled", "start", {}),
        ("cancelled", "cancel", {}),
        ("cancelled", "answers", ANSWER),
        ("cancelled", "finalize", {}),
        ("completed", "start", {}),
        ("completed", "cancel", {}),
        ("completed", "finalize", {}),
        ("completed", "answers", ANSWER),
    ],
)
def test_wrong_state_is_a_409_envelope(api, candidate, setup, action, kwargs):
    api.login(candidate)
    if setup == "completed":
        session_id, _replies = run_session(api)
        assert _action(api, session_id, "finalize").status_code == 200
    else:
        session_id = _create(api)["id"]
        if setup in ("ongoing",):
            assert _action(api, session_id, "start").status_code == 200
        if setup == "cancelled":
            assert _action(api, session_id, "cancel").status_code == 200
    before = _status(session_id)
    response = _action(api, session_id, action, **kwargs)
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"]["code"] in ("CONFLICT", "INTERACTION_ERROR")
    assert _status(session_id) == before


def test_feedback_before_completion_is_409(api, candidate):
    api.login(candidate)
    session_id = _create(api)["id"]
    assert_error(api.get(f"{SESSIONS}/{session_id}/feedback"), 409, "CONFLICT")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"track": "astrology"}, "track"),
        ({"track": "backend", "length": 2}, "length"),
        ({"track": "backend", "length": 11}, "length"),
        ({"track": "backend", "difficulty": "brutal"}, "difficulty"),
        ({"track": "backend", "company": "initech"}, "company"),
    ],
)
def test_create_validates_settings(api, candidate, body, field):
    api.login(candidate)
    error = assert_error(api.post(SESSIONS, json=body), 422, "VALIDATION_ERROR")
    assert list(error["details"]) == [field]


def test_recruiters_cannot_create_practice_sessions(api, recruiter):
    api.login(recruiter)
    assert_error(api.post(SESSIONS, json={"track": "backend"}), 403, "FORBIDDEN")


def test_a_saved_job_description_is_used_and_stays_private(api, candidate):
    api.login(candidate)
    text = "We are hiring a backend engineer to build payment APIs in Python."
    saved = api.post(
        "/api/v1/practice/job-descriptions",
        json={"title": "Payments backend", "text": text},
    ).get_json()
    edited = api.request(
        "PUT",
        f"/api/v1/practice/job-descriptions/{saved['id']}",
        json={"title": "Payments backend", "company": "Acme", "text": text},
    ).get_json()
    assert edited["company"] == "Acme"
    session = _create(api, job_description_id=saved["id"])
    assert db.session.get(PracticeSession, session["id"]).job_description == text
    assert (
        api.delete(f"/api/v1/practice/job-descriptions/{saved['id']}").status_code
        == 204
    )
    assert api.get("/api/v1/practice/job-descriptions").get_json()["items"] == []
    assert db.session.get(PracticeSession, session["id"]).job_description == text
