"""Invitation emails: queued after commit, sent by a job, retried with backoff.

Jobs wait in an in-memory queue here (the queued_jobs fixture): drain() runs the queued
jobs and sweep(now) the periodic sweeps, so every step is deterministic. SendGrid is
the real SDK against a local fake server; SMTP is smtplib against a local aiosmtpd
sink.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import tasks
from app.background import jobs
from app.extensions import db
from app.invitations import actions, links, service
from app.invitations.bulk import CandidateRow
from app.invitations.delivery import STALE_PENDING, format_expiry, send_invitation
from app.models import AuditEvent, Invitation, utcnow
from tests.fakes.sendgrid_server import FakeSendGrid
from tests.fakes.smtp_sink import SMTPSink

pytestmark = [
    pytest.mark.product(name="Acme Robotics"),
    pytest.mark.interview(
        questions=3,
        role_title="Platform Engineer",
        time_limit_minutes=25,
        persona_name="Robin",
    ),
]

LINK = re.compile(r"http://127\.0\.0\.1:5000/i/([A-Za-z0-9_-]{43})")


@pytest.fixture
def worker(app, monkeypatch, queued_jobs):
    monkeypatch.setitem(app.config, "MAIL_RETRY_BASE_SECONDS", 30)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    return queued_jobs


@pytest.fixture
def sendgrid(app, monkeypatch):
    with FakeSendGrid() as server:
        for key, value in {
            "MAIL_BACKEND": "sendgrid",
            "SENDGRID_API_KEY": server.api_key,
            "SENDGRID_API_HOST": server.url,
            "MAIL_TIMEOUT_SECONDS": 2,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        yield server


def invite(interview, actor, *emails):
    """Invite like an edge does: commit, then enqueue the emails."""
    rows = [CandidateRow(n, email, f"Name {n}") for n, email in enumerate(emails, 1)]
    batch = service.invite_candidates(interview, rows, actor=actor)
    db.session.commit()
    tasks.email_invitations(batch.issued)
    return batch


def reload(invitation) -> Invitation:
    db.session.rollback()
    return db.session.get(Invitation, invitation.id, populate_existing=True)


def sent_token(message: dict) -> str:
    return LINK.search(message["content"][0]["value"])[1]


def test_inviting_returns_before_anything_is_sent(
    interview, recruiter, worker, sendgrid
):
    batch = invite(interview, recruiter, *(f"c{n}@example.com" for n in range(200)))
    assert worker.pending() == ["send_invitation_email"] * 200
    assert sendgrid.requests == []
    statuses = set(db.session.scalars(select(Invitation.status)))
    assert statuses == {"pending"}

    assert worker.drain() == 200
    assert len(sendgrid.messages) == 200
    sent = db.session.scalars(select(Invitation)).all()
    assert {i.status for i in sent} == {"sent"}
    assert {i.send_attempts for i in sent} == {1}
    assert all(i.sent_at is not None and i.last_error is None for i in sent)
    tokens = {issued.token for issued in batch.issued}
    assert {sent_token(m) for m in sendgrid.messages} == tokens


def test_the_queue_never_holds_a_working_link(interview, recruiter, worker):
    batch = invite(interview, recruiter, "ann@example.com")
    token = batch.issued[0].token
    (queued,) = jobs.storage.enqueued_items()
    assert token.encode() not in queued  # sealed with a key derived from SECRET_KEY
    (job,) = jobs.pending()
    invitation_id, sealed = job.args
    assert invitation_id == batch.invitations[0].id and token not in sealed
    assert worker.drain() == 1
    assert reload(batch.invitations[0]).status == "sent"


def test_a_link_sealed_with_another_key_is_resent_with_a_new_one(
    app, interview, recruiter, worker, sendgrid, monkeypatch
):
    batch = invite(interview, recruiter, "ann@example.com")
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-" + "k" * 40)
    worker.drain()
    assert sendgrid.requests == []  # it could not be read: nothing sent
    worker.sweep(now=utcnow() + STALE_PENDING + timedelta(seconds=1))
    assert len(sendgrid.messages) == 1
    assert sent_token(sendgrid.messages[0]) != batch.issued[0].token


def test_each_send_is_audited(interview, recruiter, worker, sendgrid):
    (invitation,) = invite(interview, recruiter, "ann@example.com").invitations
    worker.drain()
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "invitation.sent")
    ).one()
    assert (event.target_id, event.details) == (
        invitation.id,
        {"attempt": 1, "backend": "sendgrid"},
    )


def test_the_email_has_both_parts_with_name_role_company_link_and_expiry(
    app, interview, recruiter, worker, monkeypatch
):
    batch = service.invite_candidate(
        interview, email="jane@example.com", name="Jane Doe", actor=recruiter
    )
    db.session.commit()
    token = batch.issued[0].token
    with SMTPSink() as sink:
        for key, value in {
            "MAIL_BACKEND": "smtp",
            "SMTP_HOST": sink.host,
            "SMTP_PORT": sink.port,
            "SMTP_STARTTLS": False,
            "SMTP_USERNAME": None,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        assert send_invitation(batch.issued[0].invitation_id, token) == "sent"
    message = sink.messages[0]
    assert message["Subject"] == "Your interview for Platform Engineer at Acme Robotics"
    assert message["To"] == "Jane Doe <jane@example.com>"
    expiry = format_expiry(batch.invitations[0].expires_at)
    assert re.fullmatch(r"\w+day \d{1,2} \w+ \d{4} at \d\d:\d\d UTC", expiry)
    link = f"http://127.0.0.1:5000/i/{token}"
    for part in ("plain", "html"):
        body = message.get_body((part,)).get_content()
        for expected in (
            "Jane Doe",
            "Platform Engineer",
            "Acme Robotics",
            link,
            expiry,
        ):
            assert expected in body, (part, expected)
        assert "3 questions" in body and "25 minutes" in body and "Robin" in body
    html = message.get_body(("html",)).get_content()
    assert "<img" not in html.lower()
    # The candidate's link, and where to ask for their data (app/privacy).
    privacy = "http://127.0.0.1:5000/privacy"
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {link, privacy}


def test_names_and_titles_are_escaped_in_the_html_part(interview, recruiter, worker):
    from app.invitations.delivery import render_invitation_email

    interview.role_title = "<script>alert(1)</script> Engineer"
    batch = service.invite_candidate(
        interview, email="x@example.com", name="<b>Bold</b>", actor=recruiter
    )
    email = render_invitation_email(batch.invitations[0], batch.issued[0].token)
    assert "<script>" not in email.html and "&lt;script&gt;" in email.html
    assert "<b>Bold</b>" not in email.html and "&lt;b&gt;Bold" in email.html
    assert "<b>Bold</b>" in email.text  # plain text is not HTML


def test_a_failed_send_is_retried_with_backoff_and_a_new_token(
    interview, recruiter, worker, sendgrid
):
    sendgrid.reply(500, {"errors": [{"message": "upstream down"}]}, times=2)
    (invitation,) = invite(interview, recruiter, "ann@example.com").invitations
    first_token = None
    started = utcnow()
    worker.drain()
    invitation = reload(invitation)
    assert invitation.status == "failed"
    assert invitation.send_attempts == 1
    assert (
        invitation.last_error
        == 'SendGrid answered 500: {"errors": [{"message": "upstream down"}]}'
    )
    first_try = invitation.next_attempt_at - timedelta(seconds=30)
    assert started <= first_try <= utcnow()  # next = attempt time + 30 s * 2^0
    first_hash = invitation.token_hash

    worker.sweep(now=invitation.next_attempt_at - timedelta(seconds=1))
    assert len(sendgrid.requests) == 1  # not due yet

    second_try = invitation.next_attempt_at
    worker.sweep(now=second_try)
    invitation = reload(invitation)
    assert (invitation.status, invitation.send_attempts) == ("failed", 2)
    assert invitation.next_attempt_at == second_try + timedelta(seconds=60)  # 30 * 2^1
    assert invitation.token_hash != first_hash  # the retry issued a new token

    third_try = invitation.next_attempt_at
    worker.sweep(now=third_try)
    invitation = reload(invitation)
    assert invitation.status == "sent"
    assert (invitation.send_attempts, invitation.sent_at) == (3, third_try)
    assert invitation.last_error is None and invitation.next_attempt_at is None

    tokens = [sent_token(r.json) for r in sendgrid.requests]
    assert len(set(tokens)) == 3
    first_token, *_, last_token = tokens
    assert links.find_by_token(last_token).id == invitation.id
    assert links.find_by_token(first_token) is None
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.action.like("invitation.s%"))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "invitation.send_failed",
        "invitation.send_failed",
        "invitation.sent",
    ]


def test_retries_stop_at_max_attempts_and_a_resend_starts_again(
    interview, recruiter, worker, sendgrid
):
    sendgrid.reply(503, times=3)
    (invitation,) = invite(interview, recruiter, "ann@example.com").invitations
    worker.drain()
    for _ in range(2):
        worker.sweep(now=reload(invitation).next_attempt_at)
    invitation = reload(invitation)
    assert (invitation.status, invitation.send_attempts) == ("failed", 3)
    assert invitation.next_attempt_at is None
    worker.sweep(now=utcnow() + timedelta(days=1))
    assert len(sendgrid.requests) == 3

    issued = actions.resend_invitation(invitation, actor=recruiter)
    db.session.commit()
    tasks.email_invitations([issued])
    worker.drain()
    invitation = reload(invitation)
    assert (invitation.status, invitation.send_attempts) == ("sent", 1)
    assert sent_token(sendgrid.messages[-1]) == issued.token


def test_a_send_lost_to_a_restart_is_picked_up_with_a_new_token(
    interview, recruiter, worker, sendgrid
):
    batch = invite(interview, recruiter, "ann@example.com")
    worker.discard()  # the process stopped with the job still queued
    now = utcnow()
    worker.sweep(now=now)
    assert sendgrid.requests == []  # it may still be in another worker's queue

    worker.sweep(now=now + STALE_PENDING + timedelta(seconds=1))
    assert len(sendgrid.messages) == 1
    token = sent_token(sendgrid.messages[0])
    assert token != batch.issued[0].token
    assert links.find_by_token(batch.issued[0].token) is None
    assert links.find_by_token(token).status == "sent"


def test_a_job_for_a_replaced_link_sends_nothing(
    interview, recruiter, worker, sendgrid
):
    batch = invite(interview, recruiter, "ann@example.com")
    invitation = batch.invitations[0]
    issued = actions.resend_invitation(invitation, actor=recruiter)
    db.session.commit()
    tasks.email_invitations([issued])
    assert worker.drain() == 2
    assert len(sendgrid.messages) == 1
    assert sent_token(sendgrid.messages[0]) == issued.token


def test_the_same_invitation_is_never_sent_twice(
    interview, recruiter, worker, sendgrid
):
    batch = invite(interview, recruiter, "ann@example.com")
    issued = batch.issued[0]
    assert send_invitation(issued.invitation_id, issued.token) == "sent"
    assert send_invitation(issued.invitation_id, issued.token) == "skipped"
    worker.drain()
    worker.sweep(now=utcnow() + timedelta(hours=1))
    assert len(sendgrid.requests) == 1


@pytest.mark.parametrize("change", ["revoked", "expired", "closed", "opened"])
def test_nothing_is_sent_for_links_that_no_longer_need_it(
    interview, recruiter, worker, sendgrid, change
):
    (invitation,) = invite(interview, recruiter, "ann@example.com").invitations
    if change == "revoked":
        actions.revoke_invitation(invitation, actor=recruiter)
    elif change == "expired":
        invitation.expires_at = utcnow() - timedelta(seconds=1)
    elif change == "closed":
        interview.status = "closed"
    else:
        links.open_link(invitation)  # the recruiter shared the link by hand
    db.session.commit()
    worker.drain()
    worker.sweep(now=utcnow() + timedelta(hours=1))
    assert sendgrid.requests == []
    invitation = reload(invitation)
    assert invitation.send_attempts == 0
    assert invitation.status == {"closed": "pending"}.get(change, change)


def test_an_opened_link_stops_the_retries(interview, recruiter, worker, sendgrid):
    sendgrid.reply(500)
    (invitation,) = invite(interview, recruiter, "ann@example.com").invitations
    worker.drain()
    invitation = reload(invitation)
    assert invitation.status == "failed" and invitation.next_attempt_at is not None
    links.open_link(invitation)
    db.session.commit()
    worker.sweep(now=utcnow() + timedelta(hours=1))
    assert len(sendgrid.requests) == 1
    assert reload(invitation).next_attempt_at is None


def test_a_stalled_mail_service_fails_the_send_instead_of_hanging(
    app, interview, recruiter, worker, sendgrid, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 0.5)
    sendgrid.reply(202, delay=5)
    (invitation,) = invite(interview, recruiter, "ann@example.com").invitations
    worker.drain()
    invitation = reload(invitation)
    assert invitation.status == "failed"
    assert "timed out" in invitation.last_error
