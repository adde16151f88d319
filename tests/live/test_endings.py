"""Interviews that stop: the candidate ends one early (confirmed in the room), the
sweep marks idle ones abandoned; both are scored on the answers given, and the report,
the lists and analytics say so."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.invitations.tokens import consent_form_token
from app.live import conductor, endings
from app.live.answers import record_answer
from app.live.participants import COOKIE_NAME, participant_token
from app.models import Evaluation, InterviewSession, utcnow
from app.tasks import sweep_abandoned_sessions
from tests import factories
from tests.factories import page_login
from tests.support.interviews import speak

pytestmark = pytest.mark.product(name="Acme")

HTML = {"Accept": "text/html"}
ANSWER = (
    "I would start by measuring where the time goes, then cache the hot reads, "
    "because most requests repeat, and watch the error rate while it rolls out."
)


def _answered_once(interview) -> InterviewSession:
    """A session whose candidate answered the first question (and nothing after)."""
    invitation, _ = factories.make_invitation(
        interview, name="Lee Park", consented_at=utcnow()
    )
    session = conductor.start_session(invitation)
    db.session.commit()
    speak(session)
    record_answer(session, "c1", ANSWER)
    db.session.commit()
    return session


def _reload(session) -> InterviewSession:
    db.session.expire_all()
    return db.session.get(InterviewSession, session.id)


def _join(client, session) -> str:
    client.set_cookie(COOKIE_NAME, participant_token(session.id, session.invitation_id))
    return consent_form_token(session.invitation.token_hash)


def test_the_room_offers_end_early_behind_the_apps_confirmation(client, interview):
    session = _answered_once(interview)
    _join(client, session)
    room = client.get("/interview", headers=HTML).get_data(as_text=True)
    assert 'action="/interview/end"' in room and "data-confirm=" in room
    assert "confirm(" not in room  # the app's dialog, never the native one


def test_ending_early_completes_and_scores_the_answers_given(
    client, recruiter, interview
):
    session = _answered_once(interview)
    csrf = _join(client, session)
    response = client.post("/interview/end", data={"csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"] == "/interview"
    ended = _reload(session)
    assert (ended.status, ended.ended_early, ended.phase) == (
        "completed",
        True,
        "completed",
    )
    assert ended.invitation.status == "completed"
    # The open thread was scored (jobs run at once in tests) and the report written.
    evaluation = Evaluation.query.filter_by(session_id=session.id).one()
    assert evaluation.status == "scored"
    assert ended.scoring_status in ("done", "needs_review")
    assert not endings.end_early(ended)  # once only
    page_login(client, recruiter)
    report = client.get(f"/portal/sessions/{session.id}").get_data(as_text=True)
    assert "Completed early" in report
    listed = client.get(f"/portal/interviews/{interview.id}/candidates")
    assert "Completed early" in listed.get_data(as_text=True)


def test_ending_early_needs_the_rooms_form_token(client, interview):
    session = _answered_once(interview)
    _join(client, session)
    client.post("/interview/end", data={"csrf_token": "forged"})
    assert _reload(session).status == "in_progress"


def test_ending_early_needs_the_participant_cookie(client, interview):
    session = _answered_once(interview)
    response = client.post("/interview/end", data={}, headers=HTML)
    assert response.status_code == 401
    assert _reload(session).status == "in_progress"


def _sweep(now):
    return sweep_abandoned_sessions.call_local(now)


def test_the_sweep_abandons_a_timed_session_idle_past_its_limit_and_grace(
    app, interview
):
    session = _answered_once(interview)
    grace = app.config["SESSION_ABANDON_GRACE_MINUTES"]
    ends = session.started_at + timedelta(minutes=interview.time_limit_minutes)
    assert _sweep(ends + timedelta(minutes=grace - 1)) == 0
    assert _reload(session).status == "in_progress"
    assert _sweep(ends + timedelta(minutes=grace + 1)) == 1
    abandoned = _reload(session)
    assert abandoned.status == "abandoned" and abandoned.ended_at is not None
    assert not abandoned.ended_early
    # Its answer is still scored, and its report written.
    assert Evaluation.query.filter_by(session_id=session.id).one().status == "scored"
    assert abandoned.scoring_status in ("done", "needs_review")
    assert _sweep(ends + timedelta(hours=5)) == 0  # running it again changes nothing


def test_an_untimed_session_is_abandoned_after_the_idle_limit(app, interview):
    interview.untimed = True
    db.session.commit()
    session = _answered_once(interview)
    idle = app.config["SESSION_UNTIMED_IDLE_MINUTES"]
    last = _reload(session).last_activity_at
    assert _sweep(last + timedelta(minutes=idle - 1)) == 0
    assert _sweep(last + timedelta(minutes=idle + 1)) == 1
    assert _reload(session).status == "abandoned"


def test_a_session_that_moved_after_it_was_read_is_left_alone(app, interview):
    session = _answered_once(interview)
    later = utcnow() + timedelta(days=1)
    stale = _reload(session)
    quiet = stale.last_activity_at
    stale_read = stale.last_activity_at
    # Another process stores an answer's activity meanwhile: compare-and-set misses.
    db.session.execute(
        InterviewSession.__table__.update()
        .where(InterviewSession.id == session.id)
        .values(last_activity_at=quiet + timedelta(seconds=5))
    )
    from app.upsert import update_if

    written = update_if(
        stale,
        (InterviewSession.status == "in_progress")
        & (InterviewSession.last_activity_at == stale_read),
        status="abandoned",
        ended_at=later,
    )
    assert not written and _reload(session).status == "in_progress"


def test_ended_sessions_are_not_swept_and_the_lists_say_abandoned(
    app, client, recruiter, interview, api
):
    finished = _answered_once(interview)
    assert endings.end_early(finished)
    db.session.commit()
    idle = _answered_once(interview)
    assert _sweep(utcnow() + timedelta(days=1)) == 1
    assert _reload(finished).status == "completed"
    assert _reload(idle).status == "abandoned"
    page_login(client, recruiter)
    listed = client.get(f"/portal/interviews/{interview.id}/candidates")
    assert "Abandoned" in listed.get_data(as_text=True)
    report = client.get(f"/portal/sessions/{idle.id}").get_data(as_text=True)
    assert "Abandoned: the candidate left the interview idle" in report
    api.login(recruiter)
    figures = api.get(f"/api/v1/analytics/interviews/{interview.id}").get_json()
    assert figures["sessions"] == {"in_progress": 0, "completed": 1, "abandoned": 1}
