"""Account emails (verification, password reset) as jobs: the link travels sealed, and
a failed send is retried with growing delays up to MAIL_MAX_ATTEMPTS."""

import pytest

from app import tasks
from app.auth import recovery
from app.background import jobs
from app.extensions import db
from tests import factories
from tests.fakes.sendgrid_server import FakeSendGrid


@pytest.fixture
def sendgrid(app, monkeypatch):
    with FakeSendGrid() as server:
        for key, value in {
            "MAIL_BACKEND": "sendgrid",
            "SENDGRID_API_KEY": server.api_key,
            "SENDGRID_API_HOST": server.url,
            "MAIL_TIMEOUT_SECONDS": 2,
            "MAIL_MAX_ATTEMPTS": 3,
            "MAIL_RETRY_BASE_SECONDS": 30,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        yield server


def queue_reset_link(email: str) -> str:
    """Ask for a reset link as the edge does: commit, then enqueue the email."""
    user = factories.make_user(email=email)
    _user, token = recovery.request_password_reset(user.email)
    db.session.commit()
    tasks.email_account_link(recovery.RESET, user.id, token)
    return token


def test_the_queued_job_holds_the_link_sealed(queued_jobs, sendgrid):
    token = queue_reset_link("ann@example.com")
    (queued,) = jobs.storage.enqueued_items()
    assert token.encode() not in queued
    assert queued_jobs.drain() == 1
    (message,) = sendgrid.messages
    assert f"/reset-password/{token}" in message["content"][0]["value"]


def test_a_failed_account_email_is_retried_with_backoff_then_dropped(
    queued_jobs, sendgrid
):
    sendgrid.reply(503, times=3)
    queue_reset_link("ann@example.com")
    waits = []
    while True:
        before = jobs._get_timestamp()  # Huey's clock: naive UTC
        if waits:
            queued_jobs.run_scheduled()
        else:
            queued_jobs.drain()
        if not jobs.scheduled():
            break
        (retry,) = jobs.scheduled()
        waits.append((retry.args[-1], retry.eta - before))  # attempt, and its wait
    # Attempt 2 waits at least 30 s, attempt 3 at least 60 s; none after the third.
    assert [attempt for attempt, _wait in waits] == [2, 3]
    assert waits[0][1].total_seconds() >= 30 and waits[1][1].total_seconds() >= 60
    assert len(sendgrid.requests) == 3 and sendgrid.messages == []
