"""Live pages: starting from a consented link, the room, a recruiter's watch view."""

import pytest

from app.extensions import db
from app.invitations.tokens import consent_form_token
from app.live import conductor
from app.live.participants import COOKIE_NAME
from app.models import InterviewSession, utcnow
from tests import factories

pytestmark = pytest.mark.product(name="Acme")

HTML = {"Accept": "text/html"}


@pytest.fixture
def consented(interview):
    invitation, token = factories.make_invitation(
        interview, name="Lee", consented_at=utcnow()
    )
    return invitation, token


def test_start_sets_the_participant_cookie_and_leaves_the_token(client, consented):
    invitation, token = consented
    response = client.post(
        f"/i/{token}/start",
        data={"csrf_token": consent_form_token(invitation.token_hash)},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/interview"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    cookie = client.get_cookie(COOKIE_NAME)
    assert cookie.http_only and token not in cookie.value
    session = InterviewSession.query.one()
    assert session.invitation.status == "started"
    room = client.get("/interview", headers=HTML)
    assert room.status_code == 200
    assert room.headers["Cache-Control"] == "no-store"
    assert token not in room.get_data(as_text=True)
    assert 'data-mode="candidate"' in room.get_data(as_text=True)


def test_start_twice_resumes_the_same_session(client, consented):
    invitation, token = consented
    form = {"csrf_token": consent_form_token(invitation.token_hash)}
    client.post(f"/i/{token}/start", data=form)
    client.post(f"/i/{token}/start", data=form)
    assert InterviewSession.query.count() == 1


def test_start_needs_consent_and_the_form_token(client, interview):
    invitation, token = factories.make_invitation(interview)
    response = client.post(
        f"/i/{token}/start",
        data={"csrf_token": consent_form_token(invitation.token_hash)},
    )
    assert response.headers["Location"] == f"/i/{token}"
    invitation.consented_at = utcnow()
    db.session.commit()
    response = client.post(f"/i/{token}/start", data={"csrf_token": "forged"})
    assert response.headers["Location"] == f"/i/{token}/ready"
    assert InterviewSession.query.count() == 0


def test_start_with_an_unknown_token_is_404(client):
    assert client.post("/i/not-a-token/start", headers=HTML).status_code == 404


def test_the_room_without_a_cookie_explains_what_to_do(client):
    response = client.get("/interview", headers=HTML)
    assert response.status_code == 401
    assert "invitation email" in response.get_data(as_text=True)


def test_recruiter_sees_sessions_and_watches_only_their_own(
    client, interview, recruiter, other_recruiter, consented
):
    invitation, _ = consented
    session = conductor.start_session(invitation)
    db.session.commit()
    factories.page_login(client, recruiter)
    detail = client.get(f"/portal/interviews/{interview.id}", headers=HTML).get_data(
        as_text=True
    )
    assert "Lee" in detail and f"/portal/sessions/{session.id}/watch" in detail
    watch = client.get(f"/portal/sessions/{session.id}/watch", headers=HTML)
    assert watch.status_code == 200 and 'data-mode="watch"' in watch.get_data(
        as_text=True
    )
    stranger = client.application.test_client()
    factories.page_login(stranger, other_recruiter)
    assert (
        stranger.get(f"/portal/sessions/{session.id}/watch", headers=HTML).status_code
        == 404
    )
