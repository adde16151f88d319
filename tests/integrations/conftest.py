"""Fixtures for webhooks: a verifying receiver and an endpoint subscribed to it."""

import pytest

from tests.fakes.webhook_receiver import WebhookReceiver


@pytest.fixture(scope="module")
def receiver_server():
    server = WebhookReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def receiver(receiver_server):
    receiver_server.reset()
    return receiver_server


@pytest.fixture
def hooks(api, recruiter):
    api.login(recruiter)
    return api


@pytest.fixture
def endpoint(hooks, receiver):
    """An endpoint of the recruiter for every event; the receiver knows its secret."""
    response = hooks.post(
        "/api/v1/webhooks",
        json={
            "url": receiver.url,
            "events": [
                "invitation.sent",
                "interview.started",
                "interview.completed",
                "evaluation.ready",
                "candidate.stage_changed",
            ],
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    receiver.secret = body["secret"]
    return body
