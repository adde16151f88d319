"""Instant emails: a completed interview, an application, an opening reaching its
number; to the members who may see the product, once per event."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Notification, utcnow
from app.notifications import delivery
from tests import factories
from tests.notifications.conftest import choose, to
from tests.support.hiring import submit
from tests.support.interviews import take_interview
from tests.support.mailbox import link_in

ANSWERS = [
    "I would keep a token bucket per API key in Redis and refill it with a Lua "
    "script, so the check stays atomic under load.",
    "First I measure the slow page, then I profile it; last time an N+1 query was "
    "the cause, so I added an index and cut it to 180 ms.",
]


@pytest.fixture
def interview(product):
    interview = factories.make_interview(
        product, questions=2, status="active", role_title="Payments Engineer"
    )
    for question in interview.questions:
        question.follow_up_budget = 0
    db.session.commit()
    return interview


def test_a_completed_interview_emails_the_team_at_once(
    app, team, interview, other_recruiter, mailbox
):
    session = take_interview(interview, ANSWERS, name="Casey Candidate")
    assert session.status == "completed"

    for role in ("owner", "recruiter"):
        mail = to(mailbox, team[role])
        assert len(mail) == 1, role
        assert mail[0].subject == (
            "Casey Candidate completed the interview for Payments Engineer"
        )
        assert link_in(mail[0], "/portal/sessions/").endswith(
            f"/portal/sessions/{session.id}"
        )
        assert "Acme Payments" in mail[0].text
        if mailbox.kind == "smtp":
            assert "Open the report" in mail[0].html
    for user in (team["viewer"], team["expert"], other_recruiter):
        assert to(mailbox, user) == []


def test_a_viewer_who_opts_in_is_emailed_and_one_who_turns_it_off_is_not(
    app, team, interview, mailbox
):
    choose(team["viewer"], as_viewer=True)
    choose(team["recruiter"], completion="off")
    take_interview(interview, ANSWERS)
    assert len(to(mailbox, team["viewer"])) == 1
    assert to(mailbox, team["recruiter"]) == []
    assert len(to(mailbox, team["owner"])) == 1


def test_applications_wait_for_the_digest_unless_chosen_at_once(
    app, team, opening, mailbox
):
    choose(team["owner"], application="instant")
    application, _ = submit(opening, email="ada@example.org", name="Ada Lovelace")

    mail = to(mailbox, team["owner"])
    assert [m.subject for m in mail] == ["Ada Lovelace applied for Backend Engineer"]
    assert link_in(mail[0], "/portal/applications/").endswith(
        f"/portal/applications/{application.id}"
    )
    assert to(mailbox, team["recruiter"]) == []  # the default: the daily digest
    waiting = db.session.scalars(
        select(Notification).where(Notification.user_id == team["recruiter"].id)
    ).all()
    assert [(n.kind, n.mode, n.status) for n in waiting] == [
        ("application", "digest", "pending")
    ]


def test_an_opening_reaching_the_number_emails_once(app, team, opening, mailbox):
    choose(team["owner"], threshold_count=2, application="off")
    choose(team["recruiter"], threshold_count=3, application="off")
    for n in range(4):
        submit(opening, email=f"applicant{n}@example.org", name=f"Applicant {n}")

    owner_mail = to(mailbox, team["owner"])
    assert [m.subject for m in owner_mail] == [
        "Backend Engineer reached 2 applications"
    ]
    assert link_in(owner_mail[0], "/portal/openings/").endswith(
        f"/portal/openings/{opening.id}"
    )
    assert [m.subject for m in to(mailbox, team["recruiter"])] == [
        "Backend Engineer reached 3 applications"
    ]


def test_the_job_running_twice_sends_one_email(
    app, team, interview, mailbox, queued_jobs
):
    session = take_interview(interview, ANSWERS)
    queued_jobs.drain()
    row = db.session.scalars(
        select(Notification).where(
            Notification.user_id == team["owner"].id,
            Notification.subject_id == session.id,
        )
    ).one()
    assert row.status == "sent"
    assert delivery.send_notification(row.id) == "done"  # a second run
    assert len(to(mailbox, team["owner"])) == 1


def test_the_same_event_recorded_twice_is_one_notification(app, team, interview):
    from app.notifications import service

    session = take_interview(interview, ANSWERS)
    assert service.interview_completed(session) == []
    db.session.commit()
    rows = db.session.scalars(
        select(Notification).where(Notification.subject_id == session.id)
    ).all()
    assert sorted(r.user_id for r in rows) == sorted(
        [team["owner"].id, team["recruiter"].id]
    )


def test_a_failed_email_is_sent_by_the_sweep(app, team, interview, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 9)  # nothing listens: refused
    monkeypatch.setitem(app.config, "SMTP_STARTTLS", False)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 2)
    take_interview(interview, ANSWERS)
    pending = db.session.scalars(
        select(Notification).where(Notification.status == "pending")
    ).all()
    assert len(pending) == 2

    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    assert delivery.due_instant_ids(utcnow()) == []  # not before a minute
    later = utcnow() + timedelta(minutes=2)
    due = delivery.due_instant_ids(later)
    assert sorted(due) == sorted(n.id for n in pending)
    assert [delivery.send_notification(i) for i in due] == ["sent", "sent"]
    assert delivery.due_instant_ids(later) == []
    assert "Subject: Casey Candidate completed" in capsys.readouterr().out


def test_a_member_removed_before_the_email_gets_nothing(
    app, team, interview, queued_jobs, mailbox
):
    from app.models import Membership

    take_interview(interview, ANSWERS)
    db.session.execute(
        Membership.__table__.delete().where(Membership.user_id == team["recruiter"].id)
    )
    db.session.commit()
    queued_jobs.drain()
    assert to(mailbox, team["recruiter"]) == []
    assert len(to(mailbox, team["owner"])) == 1
    statuses = db.session.scalars(
        select(Notification.status).where(Notification.user_id == team["recruiter"].id)
    ).all()
    assert statuses == ["skipped"]


def test_practice_interviews_notify_nobody(app):
    from app.notifications import service

    candidate = factories.make_user(role="candidate")
    product = factories.make_product(candidate)
    interview = factories.make_interview(product, status="active")
    invitation, _ = factories.make_invitation(interview)
    from app.live import conductor

    session = conductor.start_session(invitation)
    db.session.commit()
    assert service.interview_completed(session) == []
