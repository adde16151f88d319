"""Audit events: one row for each audited action, with who, what, which record and from
where; never a password or a token in them, and no password in the logs.

Google sign-in, linking and its failures: tests/auth/test_google_signin.py.
"""

import logging
from types import SimpleNamespace

import pytest

from app.extensions import db
from app.live import conductor
from app.models import AuditEvent, utcnow
from tests import factories
from tests.factories import page_login

PASSWORD = factories.DEFAULT_PASSWORD
NEW_PASSWORD = "Rotated2026x"
AGENT = {"User-Agent": "audit-test-agent/1.0"}


@pytest.fixture
def world(app, api, admin, recruiter):
    """A recruiter with an active interview and an invitation, and an admin."""
    product = factories.make_product(recruiter)
    category = factories.make_category(recruiter)
    interview = factories.make_interview(product, questions=3, status="active")
    draft = factories.make_interview(product, status="draft")
    invitation, _ = factories.make_invitation(interview, status="pending")
    return SimpleNamespace(
        app=app,
        api=api,
        admin=admin,
        recruiter=recruiter,
        interview=interview,
        draft=draft,
        category=category,
        invitation=invitation,
    )


def as_recruiter(w):
    w.api.login(w.recruiter)
    return w.api


def as_admin(w):
    w.api.login(w.admin)
    return w.api


def post(w, url, **kwargs):
    return w.api.post(url, headers=AGENT, **kwargs)


# Each: (action, performs it, expected actor and target ids).
def sign_in(w):
    w.api.client.post(
        "/api/v1/auth/login",
        json={"email": w.recruiter.email, "password": PASSWORD},
        headers=AGENT,
    )
    return w.recruiter.id, w.recruiter.id


def sign_in_failure(w):
    w.api.client.post(
        "/api/v1/auth/login",
        json={"email": w.recruiter.email, "password": "Wrong12345"},
        headers=AGENT,
    )
    return None, None


def logout(w):
    as_recruiter(w)
    post(w, "/api/v1/auth/logout")
    return w.recruiter.id, None


def register(w):
    w.api.client.post(
        "/api/v1/auth/register",
        json={
            "email": "newbie@example.com",
            "username": "newbie",
            "password": PASSWORD,
            "full_name": "New Bie",
        },
        headers=AGENT,
    )
    return "newbie@example.com", "newbie@example.com"


def password_change(w):
    as_recruiter(w)
    post(
        w,
        "/api/v1/users/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    return w.recruiter.id, w.recruiter.id


def reset_request(w):
    w.api.client.post(
        "/api/v1/auth/password/forgot", json={"email": w.recruiter.email}, headers=AGENT
    )
    return None, w.recruiter.id


def password_reset(w):
    from app.auth import recovery

    user, token = recovery.request_password_reset(w.recruiter.email)
    db.session.commit()
    w.api.client.post(
        "/api/v1/auth/password/reset",
        json={"token": token, "new_password": NEW_PASSWORD},
        headers=AGENT,
    )
    return w.recruiter.id, w.recruiter.id


def email_verified(w):
    from app.auth import recovery

    w.recruiter.email_verified_at = None
    token = recovery.start_email_verification(w.recruiter)
    db.session.commit()
    w.api.client.post("/api/v1/auth/verify-email", json={"token": token}, headers=AGENT)
    return w.recruiter.id, w.recruiter.id


def role_change(w):
    as_admin(w)
    w.api.patch(
        f"/api/v1/admin/users/{w.recruiter.id}", json={"role": "admin"}, headers=AGENT
    )
    return w.admin.id, w.recruiter.id


def deactivation(w):
    as_admin(w)
    w.api.patch(
        f"/api/v1/admin/users/{w.recruiter.id}",
        json={"is_active": False},
        headers=AGENT,
    )
    return w.admin.id, w.recruiter.id


def user_deletion(w):
    as_admin(w)
    w.api.delete(f"/api/v1/admin/users/{w.recruiter.id}", headers=AGENT)
    return w.admin.id, w.recruiter.id


def invitation_created(w):
    as_recruiter(w)
    post(
        w,
        f"/api/v1/interviews/{w.interview.id}/invitations",
        json={"email": "fresh@example.com"},
    )
    return w.recruiter.id, "invitation"


def invitation_sent(w):
    invitation_created(w)
    return None, "invitation"


def invitation_resent(w):
    as_recruiter(w)
    post(w, f"/api/v1/invitations/{w.invitation.id}/resend")
    return w.recruiter.id, w.invitation.id


def invitation_revoked(w):
    as_recruiter(w)
    post(w, f"/api/v1/invitations/{w.invitation.id}/revoke")
    return w.recruiter.id, w.invitation.id


def interview_deleted(w):
    as_recruiter(w)
    w.api.delete(f"/api/v1/interviews/{w.draft.id}", headers=AGENT)
    return w.recruiter.id, w.draft.id


def category_deleted(w):
    as_recruiter(w)
    w.api.delete(f"/api/v1/categories/{w.category.id}", headers=AGENT)
    return w.recruiter.id, w.category.id


def question_deleted(w):
    as_recruiter(w)
    question = w.interview.questions[-1]
    w.api.delete(f"/api/v1/questions/{question.id}", headers=AGENT)
    return w.recruiter.id, question.id


ACTIONS = [
    ("auth.login", sign_in),
    ("auth.login_failed", sign_in_failure),
    ("auth.logout", logout),
    ("user.registered", register),
    ("user.password_changed", password_change),
    ("user.password_reset_requested", reset_request),
    ("user.password_reset", password_reset),
    ("user.email_verified", email_verified),
    ("user.role_changed", role_change),
    ("user.deactivated", deactivation),
    ("user.deleted", user_deletion),
    ("invitation.created", invitation_created),
    ("invitation.sent", invitation_sent),
    ("invitation.resent", invitation_resent),
    ("invitation.revoked", invitation_revoked),
    ("interview.deleted", interview_deleted),
    ("category.deleted", category_deleted),
    ("question.deleted", question_deleted),
]


def _resolve(value):
    if isinstance(value, str) and "@" in value:
        from app.models import User

        return User.query.filter_by(email=value).one().id
    return value


@pytest.mark.parametrize("action, perform", ACTIONS, ids=[a for a, _ in ACTIONS])
def test_each_audited_action_writes_one_row(world, action, perform):
    started = utcnow()
    actor, target = perform(world)
    db.session.expire_all()
    events = AuditEvent.query.filter_by(action=action).all()
    assert len(events) == 1, [e.action for e in AuditEvent.query]
    event = events[0]
    assert event.actor_id == _resolve(actor)
    if isinstance(target, int) or (isinstance(target, str) and "@" in target):
        assert event.target_id == _resolve(target)
    elif target == "invitation":
        assert event.target_type == "Invitation" and event.target_id
    assert event.created_at >= started.replace(microsecond=0)
    if action != "invitation.sent":  # the email job acts outside any request
        assert event.ip_address == "127.0.0.1"
        assert event.user_agent == "audit-test-agent/1.0"


def test_no_secret_reaches_an_audit_row_or_a_log(world, caplog, capsys, client):
    """Run the flows that handle secrets; none of them may appear in the audit log
    or in the application's logs."""
    caplog.set_level(logging.DEBUG)
    secrets_seen = {PASSWORD, NEW_PASSWORD, "Wrong12345"}
    tokens = (
        as_recruiter(world)
        .client.post(
            "/api/v1/auth/login",
            json={"email": world.recruiter.email, "password": PASSWORD},
        )
        .get_json()
    )
    secrets_seen |= {tokens["access_token"], tokens["refresh_token"]}
    sign_in_failure(world)
    invitation_created(world)
    page_login(client, world.recruiter)
    secrets_seen.add(client.get_cookie("csrf_access_token").value)
    secrets_seen.add(client.get_cookie("access_token_cookie").value)
    client.post("/api/v1/auth/password/forgot", json={"email": world.recruiter.email})
    reset_token = capsys.readouterr().out.split("/reset-password/")[1].split()[0]
    secrets_seen.add(reset_token)
    client.post(
        "/api/v1/auth/password/reset",
        json={"token": reset_token, "new_password": NEW_PASSWORD},
    )

    rows = [
        " ".join(str(v) for v in (e.action, e.details, e.user_agent))
        for e in AuditEvent.query
    ]
    assert len(rows) >= 6
    logged = caplog.text
    for secret in secrets_seen:
        assert all(secret not in row for row in rows), secret[:8]
        assert secret not in logged, secret[:8]
    # The reset link itself went only to the email (console backend), once.
    assert AuditEvent.query.filter_by(action="user.password_reset").count() == 1


def test_started_sessions_keep_their_audit_trail(world):
    """Sanity: consent and opening links are recorded without the link token."""
    invitation, token = factories.make_invitation(world.interview)
    world.api.client.get(f"/i/{token}")
    conductor.start_session(invitation)
    db.session.commit()
    opened = AuditEvent.query.filter_by(action="invitation.opened").one()
    assert token not in str(opened.details)
