"""One reminder to invited candidates who have not started, a set number of days
before their link expires; the first email's link keeps working beside the new one."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.invitations import reminders
from app.invitations.actions import resend_invitation
from app.invitations.links import find_by_token
from app.live import conductor
from app.models import AuditEvent, Invitation, utcnow
from tests import factories
from tests.support.mailbox import link_in

NOW = utcnow()


@pytest.fixture
def interview(recruiter):
    return factories.make_interview(
        factories.make_product(recruiter, name="Acme"),
        role_title="Backend Engineer",
        status="active",
    )


def invite(interview, *, expires_in=timedelta(days=1), sent_ago=timedelta(days=6), **k):
    return factories.make_invitation(
        interview,
        expires_at=NOW + expires_in,
        sent_at=NOW - sent_ago,
        **k,
    )


def test_one_reminder_with_a_new_link_while_the_first_keeps_working(
    app, interview, mailbox
):
    invitation, first_token = invite(interview, name="Casey", email="casey@example.com")
    assert reminders.send_due_reminders(NOW) == 1
    mail = mailbox.last_to("casey@example.com")
    assert mail.subject == "Reminder: your interview for Backend Engineer at Acme"
    assert "it is still waiting for you" in mail.text
    new_token = link_in(mail, "/i/").rsplit("/i/", 1)[1]
    assert new_token != first_token
    assert find_by_token(new_token).id == invitation.id
    assert find_by_token(first_token).id == invitation.id  # the first link still works
    db.session.refresh(invitation)
    assert invitation.reminded_at is not None
    assert (
        db.session.query(AuditEvent).filter_by(action="invitation.reminded").count()
        == 1
    )

    assert reminders.send_due_reminders(NOW + timedelta(hours=1)) == 0  # at most one
    assert len([m for m in mailbox.messages() if m.to == "casey@example.com"]) == 1


@pytest.mark.parametrize(
    "case",
    [
        "not_due_yet",
        "sent_today",
        "expired",
        "started",
        "revoked",
        "reminders_off",
        "interview_closed",
    ],
)
def test_who_is_not_reminded(interview, case):
    expires_in = timedelta(days=5) if case == "not_due_yet" else timedelta(days=1)
    sent_ago = timedelta(hours=3) if case == "sent_today" else timedelta(days=6)
    if case == "expired":
        expires_in = -timedelta(hours=1)
    invitation, _ = invite(
        interview,
        expires_in=expires_in,
        sent_ago=sent_ago,
        status="revoked" if case == "revoked" else "sent",
    )
    if case == "started":
        conductor.start_session(invitation)
    if case == "reminders_off":
        interview.reminder_days_before = 0
    if case == "interview_closed":
        interview.status = "closed"
    db.session.commit()
    assert reminders.due_reminder_ids(NOW) == []
    assert reminders.send_reminder(invitation.id, NOW) is False
    db.session.refresh(invitation)
    assert invitation.reminded_at is None


def test_the_days_before_are_the_interviews(interview):
    interview.reminder_days_before = 5
    db.session.commit()
    soon, _ = invite(interview, expires_in=timedelta(days=4, hours=23))
    later, _ = invite(interview, expires_in=timedelta(days=5, hours=1))
    assert reminders.due_reminder_ids(NOW) == [soon.id]


def test_a_failed_email_changes_nothing_and_the_next_sweep_tries_again(
    app, interview, monkeypatch
):
    invitation, first_token = invite(interview)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 9)  # nothing listens: refused
    assert reminders.send_due_reminders(NOW) == 0
    db.session.refresh(invitation)
    assert invitation.reminded_at is None and invitation.previous_token_hash is None
    assert find_by_token(first_token).id == invitation.id
    assert reminders.due_reminder_ids(NOW) == [invitation.id]


def test_a_recruiters_resend_replaces_both_links(app, interview, recruiter, mailbox):
    invitation, first_token = invite(interview)
    reminders.send_due_reminders(NOW)
    reminded_token = link_in(mailbox.messages()[-1], "/i/").rsplit("/i/", 1)[1]
    resend_invitation(invitation, actor=recruiter)
    db.session.commit()
    assert find_by_token(first_token) is None
    assert find_by_token(reminded_token) is None
    assert db.session.get(Invitation, invitation.id).reminded_at is None


def test_the_setting_is_validated_and_saved(api, recruiter, interview):
    api.login(recruiter)
    url = f"/api/v1/interviews/{interview.id}"
    assert api.get(url).json["reminder_days_before"] == 2  # on by default
    bad = api.patch(url, json={"reminder_days_before": 31})
    assert bad.status_code == 422
    assert "reminder_days_before" in bad.json["error"]["details"]
    assert api.patch(url, json={"reminder_days_before": 0}).status_code == 200
    assert api.get(url).json["reminder_days_before"] == 0
