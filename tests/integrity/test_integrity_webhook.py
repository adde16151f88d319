"""integrity.flagged: sent when an answer is mostly pasted (the disclosed rule),
with facts only (never the answer's text); nothing is sent otherwise."""

import pytest

from app.models import WebhookDelivery
from tests.integrity.test_integrity_signals import PASTED, TEXT
from tests.live.test_live_socket import wait_for
from tests.live.test_socket_input import answer


@pytest.fixture
def flagged_endpoint(hooks, receiver):
    response = hooks.post(
        "/api/v1/webhooks", json={"url": receiver.url, "events": ["integrity.flagged"]}
    )
    assert response.status_code == 201, response.get_json()
    receiver.secret = response.get_json()["secret"]
    return response.get_json()


def test_a_mostly_pasted_answer_sends_integrity_flagged(
    flagged_endpoint, receiver, candidate, session
):
    typed = {"pasted_chars": 0, "typed_chars": 60, "focus_lost": 0}
    assert answer(candidate, {"client_id": "a1", "text": "y" * 60, "integrity": typed})[
        "ok"
    ]
    wait_for(candidate, "turn_end")
    assert receiver.received == []
    ack = answer(candidate, {"client_id": "a2", "text": TEXT, "integrity": PASTED})
    assert ack["ok"]
    [request] = receiver.received
    assert request.verified, request.error
    assert request.json["type"] == "integrity.flagged"
    data = request.json["data"]
    assert data["session_id"] == session.id and data["message_seq"] == ack["seq"]
    assert (data["pasted_chars"], data["answer_chars"]) == (412, 430)
    assert TEXT not in request.body.decode()
    assert WebhookDelivery.query.one().status == "succeeded"
