"""Signed webhooks: subscribe, emit from the services, verify, retry, redeliver,
disable, and refuse the inside network."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from app.extensions import db
from app.integrations import events, webhooks
from app.integrations.delivery import deliver_due_webhooks, deliver_webhook
from app.live import conductor
from app.models import InterviewSession, WebhookDelivery, WebhookEndpoint, utcnow
from tests import factories
from tests.fakes.webhook_receiver import Slow
from tests.support.interviews import take_interview
from tests.support.statements import Statements


def emit_now(owner, event="interview.completed", data=None):
    deliveries = webhooks.emit(owner, event, data or {"session_id": 1})
    db.session.commit()  # the commit hands them to the (inline) worker
    return deliveries


def test_the_secret_is_shown_once(hooks, endpoint):
    assert endpoint["secret"].startswith("whsec_")
    listed = hooks.get("/api/v1/webhooks").get_json()["items"]
    assert [item["id"] for item in listed] == [endpoint["id"]]
    assert "secret" not in listed[0]


def test_deliveries_are_signed_and_verified_by_the_library(
    recruiter, endpoint, receiver
):
    emit_now(recruiter, data={"session_id": 7})
    [request] = receiver.received
    assert request.verified, request.error
    assert request.json["type"] == "interview.completed"
    assert request.json["data"] == {"session_id": 7}
    delivery = WebhookDelivery.query.one()
    assert request.headers["webhook-id"] == delivery.message_id
    assert delivery.status == "succeeded" and delivery.attempts == 1
    assert delivery.response_status == 204


def test_a_tampered_body_and_a_replayed_old_timestamp_are_rejected(
    recruiter, endpoint, receiver
):
    emit_now(recruiter)
    [request] = receiver.received
    tampered = request.body.replace(b"interview.completed", b"interview.started")
    assert receiver.verify(tampered, request.headers) is not None
    # A captured delivery replayed ten minutes later carries its old timestamp.
    old = utcnow() - timedelta(minutes=10)
    signature = Webhook(receiver.secret).sign(
        request.headers["webhook-id"], old, request.body.decode()
    )
    replayed = {
        **request.headers,
        "webhook-timestamp": str(int(old.timestamp())),
        "webhook-signature": signature,
    }
    assert receiver.verify(request.body, replayed) is not None
    assert receiver.verify(request.body, request.headers) is None


def test_the_interview_lifecycle_emits_its_events(recruiter, endpoint, receiver, hooks):
    interview = factories.make_interview(factories.make_product(recruiter))
    session = take_interview(interview, ["An answer.", "Another answer."] * 4)
    response = hooks.patch(
        f"/api/v1/sessions/{session.id}", json={"stage": "advance", "note": "good"}
    )
    assert response.status_code == 200
    events = [request.json["type"] for request in receiver.received]
    assert events[0] == "interview.started"
    assert "interview.completed" in events and "evaluation.ready" in events
    assert events[-1] == "candidate.stage_changed"
    assert all(request.verified for request in receiver.received)
    stage = receiver.received[-1].json["data"]
    assert stage["from"] == "new" and stage["to"] == "advance"
    assert stage["candidate"]["name"] == "Casey Candidate"


def test_only_the_owner_s_subscribed_active_endpoints_get_an_event(
    recruiter, other_recruiter, endpoint, receiver, hooks
):
    hooks.patch(
        f"/api/v1/webhooks/{endpoint['id']}", json={"events": ["evaluation.ready"]}
    )
    assert emit_now(recruiter, "interview.completed") == []
    assert emit_now(other_recruiter, "evaluation.ready") == []
    hooks.patch(f"/api/v1/webhooks/{endpoint['id']}", json={"is_active": False})
    assert emit_now(recruiter, "evaluation.ready") == []
    assert receiver.received == []


def test_an_event_nobody_subscribed_to_builds_no_payload(recruiter, endpoint, hooks):
    """Most events of most workspaces go nowhere: then the endpoints are read, not
    the invitation and its personal data (the recruiters' email notifications are
    recorded beside it, from ids)."""
    hooks.patch(
        f"/api/v1/webhooks/{endpoint['id']}", json={"events": ["evaluation.ready"]}
    )
    interview = factories.make_interview(factories.make_product(recruiter))
    invitation, _token = factories.make_invitation(interview)
    session = conductor.start_session(invitation)
    db.session.commit()
    db.session.expire_all()
    session = db.session.get(InterviewSession, session.id)  # read before counting
    with Statements() as reads:
        events.interview_completed(session)
    webhook_reads = [t for t in reads.text if "webhook_endpoints" in t]
    assert len(webhook_reads) == 1  # the workspace's endpoints, then nothing more
    # No payload: the candidate's invitation (name, email) was never read.
    assert not [t for t in reads.text if "FROM invitations" in t]
    completed = select(WebhookDelivery).where(
        WebhookDelivery.event == "interview.completed"
    )
    assert db.session.scalars(completed).all() == []


def test_failures_are_retried_with_backoff_until_they_succeed(
    app, recruiter, endpoint, receiver, monkeypatch
):
    monkeypatch.setitem(app.config, "WEBHOOK_TIMEOUT_SECONDS", 1)
    receiver.script(500, 503, Slow(3))
    [delivery] = emit_now(recruiter)
    row = db.session.get(WebhookDelivery, delivery.id)
    assert row.status == "pending" and row.attempts == 1
    assert row.response_status == 500
    first_wait = row.next_attempt_at - row.last_attempt_at
    later = row.next_attempt_at
    assert deliver_due_webhooks(later - timedelta(seconds=1)) == 0  # not due yet
    assert deliver_due_webhooks(later) == 1
    db.session.expire_all()
    second_wait = row.next_attempt_at - row.last_attempt_at
    assert second_wait == 2 * first_wait
    deliver_due_webhooks(row.next_attempt_at)  # the receiver stalls: a timeout
    db.session.expire_all()
    assert row.status == "pending" and row.attempts == 3
    assert "Timeout" in row.last_error
    deliver_due_webhooks(row.next_attempt_at)
    db.session.expire_all()
    assert row.status == "succeeded" and row.attempts == 4
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert db.session.get(WebhookEndpoint, endpoint["id"]).failure_streak == 0


def test_retries_stop_after_the_retry_window(recruiter, endpoint, receiver):
    receiver.script(*[500] * 40)
    [delivery] = emit_now(recruiter)
    row = db.session.get(WebhookDelivery, delivery.id)
    while row.status == "pending":
        assert deliver_due_webhooks(row.next_attempt_at) == 1
        db.session.expire_all()
    assert row.status == "failed"
    assert row.last_attempt_at <= row.created_at + timedelta(hours=24)
    assert 8 <= row.attempts <= 20


def test_a_delivery_is_sent_once_however_often_its_job_runs(
    recruiter, endpoint, receiver
):
    [delivery] = emit_now(recruiter)
    assert deliver_webhook(delivery.id) is None
    assert deliver_due_webhooks(utcnow() + timedelta(days=2)) == 0
    assert len(receiver.received) == 1


def test_manual_redelivery_sends_the_same_message_again(
    recruiter, endpoint, receiver, hooks
):
    [delivery] = emit_now(recruiter)
    response = hooks.post(
        f"/api/v1/webhooks/{endpoint['id']}/deliveries/{delivery.id}/redeliver"
    )
    assert response.status_code == 202
    assert len(receiver.received) == 2
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert second.verified
    log = hooks.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries").get_json()
    assert log["meta"]["total"] == 1
    assert log["items"][0]["attempts"] == 2
    assert log["items"][0]["payload"]["type"] == "interview.completed"


def test_rotating_the_secret_signs_later_deliveries_with_the_new_one(
    recruiter, endpoint, receiver, hooks
):
    old_secret = receiver.secret
    rotated = hooks.post(f"/api/v1/webhooks/{endpoint['id']}/rotate-secret").get_json()
    assert rotated["secret"] != old_secret
    emit_now(recruiter)
    assert not receiver.received[0].verified  # the receiver still has the old one
    receiver.secret = rotated["secret"]
    assert (
        receiver.verify(receiver.received[0].body, receiver.received[0].headers) is None
    )


def test_repeated_failure_disables_the_endpoint_and_emails_its_owner(
    app, recruiter, endpoint, receiver, monkeypatch, capsys
):
    monkeypatch.setitem(app.config, "WEBHOOK_DISABLE_AFTER_FAILURES", 3)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    receiver.script(*[500] * 10)
    emit_now(recruiter)
    emit_now(recruiter)
    assert db.session.get(WebhookEndpoint, endpoint["id"]).is_active
    emit_now(recruiter)
    row = db.session.get(WebhookEndpoint, endpoint["id"])
    db.session.refresh(row)
    assert not row.is_active and row.disabled_at is not None
    output = capsys.readouterr().out
    assert "Viva disabled a webhook endpoint" in output and recruiter.email in output
    assert output.count("Viva disabled a webhook endpoint") == 1
    assert emit_now(recruiter) == []  # no new deliveries for a disabled endpoint
    assert deliver_due_webhooks(utcnow() + timedelta(days=1)) == 3
    assert len(receiver.received) == 3  # pending retries are not sent either
    statuses = {d.status for d in WebhookDelivery.query}
    assert statuses == {"failed"}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[fd00:ec2::254]/",
        "http://0.0.0.0/hook",
    ],
)
def test_the_inside_network_is_refused_in_production(app, hooks, monkeypatch, url):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    response = hooks.post(
        "/api/v1/webhooks", json={"url": url, "events": ["evaluation.ready"]}
    )
    assert response.status_code == 422, response.get_json()
    assert "url" in response.get_json()["error"]["details"]


def test_plain_http_is_refused_when_not_allowed(app, hooks, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_HTTP", False)
    response = hooks.post(
        "/api/v1/webhooks",
        json={"url": "http://hooks.example.com/x", "events": ["evaluation.ready"]},
    )
    assert response.status_code == 422
    assert "https" in json.dumps(response.get_json())


def test_the_resolved_address_is_checked_again_at_delivery_time(
    app, recruiter, endpoint, receiver, monkeypatch
):
    """A name that resolved outside when saved but inside now is still refused."""
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    [delivery] = emit_now(recruiter)
    row = db.session.get(WebhookDelivery, delivery.id)
    assert receiver.received == []
    assert row.status == "pending" and row.last_error.startswith("Refused")
    assert row.response_status is None
