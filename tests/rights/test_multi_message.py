"""Several messages per answer: with `hold` the interviewer waits; `reply_now` (or
a message without hold) lets it reply, and the messages count as one answer."""

import time

import pytest

from app.extensions import db, socketio
from app.live import conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.live.turns import IN_FLIGHT
from app.models import Evaluation, InterviewSession, Message
from app.scoring import service as scoring
from tests import factories

NS = "/interview"
PARTS = [
    "First, I would model jobs and applications as resources.",
    "Then paginate every list with cursors, and measure p95 latency before and after.",
]


def wait_for(sio, event, timeout=10.0):
    received = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        received += sio.get_received(NS)
        if any(item["name"] == event for item in received):
            return received
        time.sleep(0.02)
    raise AssertionError(f"{event} not received; got {[r['name'] for r in received]}")


@pytest.fixture
def socket_client(app, client, interview):
    invitation, _ = factories.make_invitation(interview, name="Sam Candidate")
    session = conductor.start_session(invitation)
    db.session.commit()
    client.set_cookie(COOKIE_NAME, participant_token(session.id, invitation.id))
    sio = socketio.test_client(app, namespace=NS, flask_test_client=client)
    wait_for(sio, "turn_end")  # the greeting and question 1
    yield sio, session.id
    sio.disconnect(NS)


def settle(timeout=10.0):
    """Wait until no interviewer task runs: the in-memory SQLite of the in-process
    suite shares one connection between threads, so a task still planning there could
    roll back the next event's writes (real databases give each thread its own)."""
    deadline = time.monotonic() + timeout
    while IN_FLIGHT.busy_any() and time.monotonic() < deadline:
        time.sleep(0.01)


def send(sio, client_id, text, hold):
    payload = {"client_id": client_id, "text": text, "hold": hold}
    ack = sio.emit("answer", payload, namespace=NS, callback=True)
    settle()
    return ack


def test_held_messages_wait_for_reply_now_and_count_as_one_answer(socket_client):
    sio, session_id = socket_client
    assert send(sio, "p1", PARTS[0], True)["ok"]
    assert send(sio, "p2", PARTS[1], True)["ok"]
    time.sleep(0.3)
    assert not [e for e in sio.get_received(NS) if e["name"] == "turn_start"]
    session = db.session.get(InterviewSession, session_id, populate_existing=True)
    assert session.answer_held is True
    assert conductor.plan_turn(session_id) is None  # the interviewer waits

    assert sio.emit("reply_now", {}, namespace=NS, callback=True) == {"ok": True}
    wait_for(sio, "turn_end")
    db.session.expire_all()
    roles = [
        m.role
        for m in Message.query.filter_by(session_id=session_id).order_by(Message.seq)
    ]
    assert roles == ["interviewer", "candidate", "candidate", "interviewer"]
    # Scored as one answer: the evaluation's input holds both messages.
    evaluation = Evaluation.query.filter_by(session_id=session_id).one()
    answer_text = str(scoring.evaluation_input(evaluation))
    assert PARTS[0] in answer_text and PARTS[1] in answer_text


def test_without_hold_a_second_message_must_wait(socket_client):
    sio, _ = socket_client
    assert send(sio, "one", PARTS[0], False)["ok"]
    refused = send(sio, "two", PARTS[1], False)
    if refused["ok"]:  # the interviewer already replied: then it was its turn
        return
    assert refused["error"]["code"] == "INTERACTION_ERROR"


def test_a_last_message_without_hold_lets_the_interviewer_reply(socket_client):
    sio, session_id = socket_client
    assert send(sio, "p1", PARTS[0], True)["ok"]
    assert send(sio, "p2", PARTS[1], False)["ok"]
    received = wait_for(sio, "turn_end")
    assert [e["name"] for e in received].count("turn_end") == 1
    session = db.session.get(InterviewSession, session_id, populate_existing=True)
    assert session.answer_held is False
