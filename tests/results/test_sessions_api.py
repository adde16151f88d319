"""Sessions API: list per interview and one session's ordered transcript."""

from app.extensions import db
from app.live import conductor
from app.live.answers import record_answer
from tests import factories
from tests.support.asserts import assert_error


def _session_with_turns(interview, name="Casey", answers=("Short.",)):
    invitation, _ = factories.make_invitation(interview, name=name)
    session = conductor.start_session(invitation)
    for n, text in enumerate(answers):
        plan = conductor.plan_turn(session.id)
        conductor.store_turn(
            plan,
            f"turn {n}\n\n{plan.verbatim}",
            {"provider": "offline", "model": "m", "latency_ms": 12},
        )
        record_answer(session, f"c{n}", text)
    db.session.commit()
    return session


def test_list_sessions_with_candidates(api, recruiter, interview):
    first = _session_with_turns(interview, "Casey")
    second = _session_with_turns(interview, "Drew")
    second.status = "completed"
    db.session.commit()
    api.login(recruiter)
    body = api.get(f"/api/v1/interviews/{interview.id}/sessions").get_json()
    assert body["meta"]["total"] == 2
    names = {item["candidate"]["name"] for item in body["items"]}
    assert names == {"Casey", "Drew"}
    completed = api.get(
        f"/api/v1/interviews/{interview.id}/sessions?status=completed"
    ).get_json()
    assert [item["id"] for item in completed["items"]] == [second.id]
    assert first.id not in [item["id"] for item in completed["items"]]


def test_list_sessions_rejects_unknown_status(api, recruiter, interview):
    api.login(recruiter)
    error = assert_error(
        api.get(f"/api/v1/interviews/{interview.id}/sessions?status=lost"),
        422,
        "VALIDATION_ERROR",
    )
    assert "status" in error["details"]


def test_session_detail_has_the_ordered_transcript(api, recruiter, interview):
    session = _session_with_turns(
        interview, answers=("First answer.", "Second answer.")
    )
    api.login(recruiter)
    body = api.get(f"/api/v1/sessions/{session.id}").get_json()
    assert [m["seq"] for m in body["messages"]] == [1, 2, 3, 4]
    assert [m["role"] for m in body["messages"]] == ["interviewer", "candidate"] * 2
    assert body["messages"][1]["content"] == "First answer."
    assert body["messages"][0]["latency_ms"] == 12
    assert body["candidate"]["name"] == "Casey"
    assert body["status"] == "in_progress"


def test_sessions_of_other_recruiters_are_not_found(api, other_recruiter, interview):
    session = _session_with_turns(interview)
    api.login(other_recruiter)
    assert_error(api.get(f"/api/v1/sessions/{session.id}"), 404, "NOT_FOUND")
    assert_error(
        api.get(f"/api/v1/interviews/{interview.id}/sessions"), 404, "NOT_FOUND"
    )
