"""Twenty clients at once on each recruiter action that writes (bulk invite, revoke,
resend, stage change) and on the account steps that redeem something (registration,
refresh-token rotation), against a real server process: no 5xx, exactly the records
that should exist, and a clear answer for every loser."""

from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.live import conductor
from app.models import AuditEvent, InterviewSession, Invitation, User
from tests import factories
from tests.factories import DEFAULT_PASSWORD
from tests.support.parallel import CLIENTS, assert_no_server_errors, at_once, statuses

pytestmark = pytest.mark.live_server
API = "/api/v1"
TIMEOUT = 30


@pytest.fixture
def recruiter_api(server, seeded):
    """A signed-in recruiter (bearer token) with an active interview."""
    recruiter = factories.make_user()
    interview = factories.make_interview(
        factories.make_product(recruiter), status="active"
    )
    login = requests.post(
        f"{server.url}{API}/auth/login",
        json={"email": recruiter.email, "password": DEFAULT_PASSWORD},
        timeout=TIMEOUT,
    )
    assert login.status_code == 200, login.text
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    http.interview = interview
    http.interview_id = interview.id
    http.tokens = login.json()
    return http


def audit_events(action: str, target_id: int | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).where(AuditEvent.action == action)
    if target_id is not None:
        query = query.where(AuditEvent.target_id == target_id)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def invitations_of(interview_id: int) -> list[Invitation]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Invitation).where(Invitation.interview_id == interview_id)
        )
    )


def test_the_same_list_invited_twenty_times_at_once(server, recruiter_api):
    interview_id = recruiter_api.interview_id
    people = [{"email": f"same{n}@example.com", "name": f"Same {n}"} for n in range(5)]
    responses = at_once(
        lambda _: recruiter_api.post(
            f"{server.url}{API}/interviews/{interview_id}/invitations",
            json={"invitations": people},
            timeout=TIMEOUT,
        )
    )
    assert_no_server_errors(responses)
    counted = statuses(responses)
    assert counted[201] == 1 and set(counted) <= {200, 201, 409}, counted
    for response in responses:
        if response.status_code == 200:  # came after the winner: all duplicates
            assert response.json()["summary"]["duplicates"] == 5
        if response.status_code == 409:  # raced the winner: told to try again
            assert response.json()["error"]["code"] == "CONFLICT"
    assert sorted(i.email for i in invitations_of(interview_id)) == sorted(
        p["email"] for p in people
    )


def test_twenty_different_lists_invited_at_once(server, recruiter_api):
    interview_id = recruiter_api.interview_id
    responses = at_once(
        lambda n: recruiter_api.post(
            f"{server.url}{API}/interviews/{interview_id}/invitations",
            json={
                "invitations": [{"email": f"c{n}-{k}@example.com"} for k in range(3)]
            },
            timeout=TIMEOUT,
        )
    )
    assert statuses(responses) == {201: CLIENTS}
    invited = invitations_of(interview_id)
    assert len({i.email for i in invited}) == len(invited) == 3 * CLIENTS
    created = {e.target_id for e in audit_events("invitation.created")}
    assert {i.id for i in invited} <= created


def test_revoking_twenty_times_at_once(server, recruiter_api):
    invitation_id = factories.make_invitation(recruiter_api.interview)[0].id
    responses = at_once(
        lambda _: recruiter_api.post(
            f"{server.url}{API}/invitations/{invitation_id}/revoke", timeout=TIMEOUT
        )
    )
    assert statuses(responses) == {200: CLIENTS}
    assert all(r.json()["status"] == "revoked" for r in responses)
    assert len(audit_events("invitation.revoked", invitation_id)) == 1


def test_resending_twenty_times_at_once(server, recruiter_api):
    invitation_id = factories.make_invitation(recruiter_api.interview)[0].id
    responses = at_once(
        lambda _: recruiter_api.post(
            f"{server.url}{API}/invitations/{invitation_id}/resend", timeout=TIMEOUT
        )
    )
    assert_no_server_errors(responses)
    counted = statuses(responses)
    assert counted[200] >= 1 and set(counted) <= {200, 409}, counted
    # Every resend that answered 200 issued the link it reported, one after another.
    assert len(audit_events("invitation.resent", invitation_id)) == counted[200]


def test_extending_twenty_times_at_once(server, recruiter_api):
    """Each extension adds its day on top of the ones before: none is lost."""
    invitation, _token = factories.make_invitation(recruiter_api.interview)
    invitation_id, expires_at = invitation.id, invitation.expires_at
    responses = at_once(
        lambda _: recruiter_api.post(
            f"{server.url}{API}/invitations/{invitation_id}/extend",
            json={"days": 1},
            timeout=TIMEOUT,
        )
    )
    assert_no_server_errors(responses)
    counted = statuses(responses)
    assert counted[200] >= 1 and set(counted) <= {200, 409}, counted
    db.session.expire_all()
    extended = db.session.get(Invitation, invitation_id).expires_at - expires_at
    assert extended == timedelta(days=counted[200])
    assert len(audit_events("invitation.extended", invitation_id)) == counted[200]


def test_stage_changes_racing_each_other(server, recruiter_api):
    """Decisions landing together: each is applied on top of the one before, so the
    audit trail is one unbroken chain of from -> to."""
    invitation, _token = factories.make_invitation(recruiter_api.interview)
    session_id = conductor.start_session(invitation).id
    db.session.commit()
    stages = ("advance", "hold", "reject")
    responses = at_once(
        lambda n: recruiter_api.patch(
            f"{server.url}{API}/sessions/{session_id}",
            json={"stage": stages[n % 3], "note": f"Decision {n}"},
            timeout=TIMEOUT,
        )
    )
    assert_no_server_errors(responses)
    counted = statuses(responses)
    assert set(counted) <= {200, 409}, counted
    chain = audit_events("session.stage_changed", session_id)
    assert len(chain) == counted[200]
    previous = "new"
    for event in chain:
        assert event.details["from"] == previous, [e.details for e in chain]
        previous = event.details["to"]
    assert db.session.get(InterviewSession, session_id).stage == previous


def test_registering_one_email_twenty_times_at_once(server, seeded):
    account = {
        "email": "twin@example.com",
        "username": "twin",
        "password": "Sunrise2026ok",
        "full_name": "Twin Person",
    }
    responses = at_once(
        lambda _: requests.post(
            f"{server.url}{API}/auth/register", json=account, timeout=TIMEOUT
        )
    )
    assert_no_server_errors(responses)
    assert statuses(responses) == {201: 1, 409: CLIENTS - 1}
    assert all(
        r.json()["error"]["code"] == "CONFLICT"
        for r in responses
        if r.status_code == 409
    )
    db.session.expire_all()
    count = select(func.count()).select_from(User).where(User.email == account["email"])
    assert db.session.scalar(count) == 1


def test_one_refresh_token_redeemed_twenty_times_at_once(server, recruiter_api):
    refresh = recruiter_api.tokens["refresh_token"]
    responses = at_once(
        lambda _: requests.post(
            f"{server.url}{API}/auth/refresh",
            headers={"Authorization": f"Bearer {refresh}"},
            timeout=TIMEOUT,
        )
    )
    assert_no_server_errors(responses)
    assert statuses(responses) == {200: 1, 401: CLIENTS - 1}
