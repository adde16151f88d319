"""Untimed interviews (an accessibility setting): the API and form field, no deadline,
no closing for time, no timer in the room, and wording without a time limit."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.live import conductor
from app.live.answers import record_answer
from app.live.participants import COOKIE_NAME, participant_token
from app.models import Interview, InterviewSession, utcnow
from tests import factories
from tests.factories import page_login
from tests.support.interviews import speak

pytestmark = pytest.mark.product(name="Acme")


def test_the_api_sets_and_shows_untimed(api, recruiter, interview):
    api.login(recruiter)
    url = f"/api/v1/interviews/{interview.id}"
    assert api.get(url).get_json()["untimed"] is False
    changed = api.patch(url, json={"untimed": True})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["untimed"] is True
    refused = api.patch(url, json={"untimed": "yes"})
    assert refused.status_code == 422
    assert "untimed" in refused.get_json()["error"]["details"]


def test_the_settings_form_ticks_and_unticks_untimed(client, recruiter, interview):
    csrf = page_login(client, recruiter)
    form = client.get(f"/portal/interviews/{interview.id}/edit").get_data(as_text=True)
    assert 'name="untimed"' in form
    data = {
        "csrf_token": csrf,
        "role_title": interview.role_title,
        "time_limit_minutes": "30",
        "untimed": "1",
    }
    assert client.post(f"/portal/interviews/{interview.id}/edit", data=data)
    db.session.expire_all()
    assert db.session.get(Interview, interview.id).untimed is True
    data.pop("untimed")
    client.post(f"/portal/interviews/{interview.id}/edit", data=data)
    db.session.expire_all()
    assert db.session.get(Interview, interview.id).untimed is False


def _session(interview) -> InterviewSession:
    invitation, _ = factories.make_invitation(
        interview, name="Lee Park", consented_at=utcnow()
    )
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


def test_an_untimed_interview_never_closes_for_time(interview):
    interview.untimed = True
    db.session.commit()
    session = _session(interview)
    greeting = speak(session)
    said = conductor.transcript(session)[0].content
    assert "no time limit" in said and "minutes" not in said
    assert greeting.state_after["deadline"] is None
    record_answer(session, "c1", "An answer of some length " * 10)
    db.session.commit()
    late = utcnow() + timedelta(days=2)
    plan = conductor.plan_turn(session.id, now=late)
    assert plan.kind != "closing" and not plan.time_up


def test_a_timed_interview_still_closes_for_time(interview):
    session = _session(interview)
    speak(session)
    record_answer(session, "c1", "An answer of some length " * 10)
    db.session.commit()
    plan = conductor.plan_turn(session.id, now=utcnow() + timedelta(hours=2))
    assert plan.kind == "closing" and plan.time_up


@pytest.mark.parametrize("untimed", [True, False])
def test_the_room_shows_a_timer_only_when_timed(client, interview, untimed):
    interview.untimed = untimed
    db.session.commit()
    session = _session(interview)
    client.set_cookie(COOKIE_NAME, participant_token(session.id, session.invitation_id))
    room = client.get("/interview", headers={"Accept": "text/html"})
    assert room.status_code == 200
    assert ('id="room-timer"' in room.get_data(as_text=True)) is not untimed
