"""The daily digest: what arrived before the digest hour, gathered per user and sent
once; what arrives later waits for the next day."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import Membership, Notification
from app.notifications import delivery
from tests.notifications.conftest import choose, to
from tests.support.hiring import submit

HOUR = 8


@pytest.fixture(autouse=True)
def digest_hour(app, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_DIGEST_HOUR", HOUR)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, day, hour, minute, tzinfo=UTC)


def received_at(when: datetime) -> None:
    """Date the pending notifications as if they had arrived at `when`."""
    db.session.execute(
        update(Notification)
        .where(Notification.status == "pending")
        .values(created_at=when)
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(5, 8, 0), at(5, 8)),
        (at(5, 7, 59), at(4, 8)),
        (at(5, 23, 10), at(5, 8)),
        (at(5, 0, 5), at(4, 8)),
    ],
)
def test_the_last_digest_moment(now, expected):
    assert delivery.last_digest_time(now, HOUR) == expected


def test_the_digest_gathers_the_days_items_and_goes_once(app, team, opening, mailbox):
    choose(team["owner"], threshold_count=2)
    first, _ = submit(opening, email="ada@example.org", name="Ada Lovelace")
    second, _ = submit(opening, email="alan@example.org", name="Alan Turing")
    received_at(at(5, 14))

    reached = "Backend Engineer reached 2 applications"  # Rita hears this at once
    assert delivery.send_due_digests(at(6, 7, 45)) == 0  # before the hour
    assert [m.subject for m in to(mailbox, team["owner"])] == [reached]

    assert delivery.send_due_digests(at(6, 8, 15)) == 2  # Rita and Cleo
    mail = to(mailbox, team["owner"])
    assert [m.subject for m in mail] == [reached, "Your daily digest: 2 updates"]
    text = mail[1].text
    assert "New applications (2)" in text
    assert "Ada Lovelace applied for Backend Engineer" in text
    assert f"/portal/applications/{first.id}" in text
    assert f"/portal/applications/{second.id}" in text
    assert "reached 2 applications" not in text  # it came at once
    if mailbox.kind == "smtp":
        assert "Review the application" in mail[1].html
    assert len(to(mailbox, team["recruiter"])) == 1
    assert to(mailbox, team["viewer"]) == [] and to(mailbox, team["expert"]) == []

    assert delivery.send_due_digests(at(6, 8, 30)) == 0  # the next run: nothing new
    assert delivery.send_digest(team["owner"].id, at(6, 8), at(6, 9)) is False
    assert len(to(mailbox, team["owner"])) == 2


def test_items_after_the_hour_wait_for_the_next_day(app, team, opening, mailbox):
    submit(opening, email="ada@example.org")
    received_at(at(6, 8, 5))
    assert delivery.send_due_digests(at(6, 9)) == 0
    assert delivery.send_due_digests(at(7, 8, 0)) == 2


def test_a_missed_hour_is_made_up_by_the_next_run(app, team, opening, mailbox):
    submit(opening, email="ada@example.org")
    received_at(at(5, 14))
    assert delivery.send_due_digests(at(6, 17)) == 2  # the consumer was down at 8


def test_a_member_removed_before_the_digest_gets_nothing(app, team, opening, mailbox):
    submit(opening, email="ada@example.org")
    received_at(at(5, 14))
    db.session.execute(
        Membership.__table__.delete().where(Membership.user_id == team["recruiter"].id)
    )
    db.session.commit()
    assert delivery.send_due_digests(at(6, 9)) == 1
    assert to(mailbox, team["recruiter"]) == []
    statuses = db.session.scalars(
        select(Notification.status).where(Notification.user_id == team["recruiter"].id)
    ).all()
    assert statuses == ["skipped"]


def test_a_failed_digest_stays_pending_for_the_next_run(
    app, team, opening, monkeypatch, capsys
):
    submit(opening, email="ada@example.org")
    received_at(at(5, 14))
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 9)
    monkeypatch.setitem(app.config, "SMTP_STARTTLS", False)
    assert delivery.send_due_digests(at(6, 9)) == 0
    assert set(db.session.scalars(select(Notification.status)).all()) == {"pending"}
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    assert delivery.send_due_digests(at(6, 9, 15)) == 2
    assert capsys.readouterr().out.count("Subject: Your daily digest: 1 update\n") == 2


def test_the_periodic_job_sends_the_digest(app, team, opening, mailbox):
    from app import tasks

    submit(opening, email="ada@example.org")
    received_at(at(5, 14))
    assert tasks.sweep_notifications.call_local(at(6, 8, 15)) == 2
    assert len(to(mailbox, team["owner"])) == 1
