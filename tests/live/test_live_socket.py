"""The /interview Socket.IO namespace: auth, idempotent answers, turns, resume."""

import time

import pytest

from app.ai.providers import get_provider
from app.extensions import db, socketio
from app.live import answers, conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.models import Message
from tests import factories

pytestmark = pytest.mark.product(name="Acme")

NS = "/interview"


@pytest.fixture
def session(interview):
    invitation, _ = factories.make_invitation(interview, name="Sam Candidate")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


def connect(app, client, session=None, **kwargs):
    if session is not None:
        client.set_cookie(
            COOKIE_NAME, participant_token(session.id, session.invitation_id)
        )
    return socketio.test_client(app, namespace=NS, flask_test_client=client, **kwargs)


def wait_for(sio, event, timeout=10.0):
    """Collect received events until `event` arrives (bounded); returns all received."""
    received = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        received += sio.get_received(NS)
        if any(item["name"] == event for item in received):
            return received
        time.sleep(0.02)
    raise AssertionError(f"{event} not received; got {[r['name'] for r in received]}")


def events(received, name):
    return [item["args"][0] for item in received if item["name"] == name]


def test_connect_is_refused_without_a_participant_cookie(app, client):
    sio = connect(app, client)
    assert not sio.is_connected(NS)


def test_connect_is_refused_with_a_forged_cookie(app, client, session):
    client.set_cookie(
        COOKIE_NAME, participant_token(session.id, session.invitation_id) + "x"
    )
    sio = socketio.test_client(app, namespace=NS, flask_test_client=client)
    assert not sio.is_connected(NS)


def test_connect_is_refused_for_a_revoked_invitation(app, client, session):
    session.invitation.status = "revoked"
    db.session.commit()
    assert not connect(app, client, session).is_connected(NS)


def test_greeting_streams_then_an_answer_gets_the_next_turn(app, client, session):
    sio = connect(app, client, session)
    assert sio.is_connected(NS)
    received = wait_for(sio, "turn_end")
    state = events(received, "state")[0]
    assert state["messages"] == []
    deltas = events(received, "turn_delta")
    greeting = events(received, "turn_end")[0]["message"]
    assert greeting["seq"] == 1 and greeting["role"] == "interviewer"
    assert "".join(d["text"] for d in deltas) == greeting["text"]
    assert all(d["seq"] == 1 for d in deltas)
    assert greeting["text"].endswith("Question 1?")
    ack = sio.emit(
        "answer",
        {"client_id": "a-1", "text": "I don't know."},
        namespace=NS,
        callback=True,
    )
    assert ack == {"ok": True, "seq": 2, "duplicate": False}
    received = wait_for(sio, "turn_end")
    turn = events(received, "turn_end")[0]
    assert turn["message"]["seq"] == 3
    assert turn["message"]["text"].endswith("Question 2?")
    assert turn["state"]["question_index"] == 2
    sio.disconnect(NS)


def test_repeated_client_id_is_acked_again_and_stored_once(app, client, session):
    sio = connect(app, client, session)
    wait_for(sio, "turn_end")
    first = sio.emit(
        "answer",
        {"client_id": "same", "text": "My answer."},
        namespace=NS,
        callback=True,
    )
    wait_for(sio, "turn_end")
    again = sio.emit(
        "answer",
        {"client_id": "same", "text": "My answer."},
        namespace=NS,
        callback=True,
    )
    assert first["ok"] and again == {"ok": True, "seq": first["seq"], "duplicate": True}
    assert Message.query.filter_by(client_id="same").count() == 1
    sio.disconnect(NS)


def test_an_answer_while_the_interviewer_speaks_is_refused(
    app, client, session, monkeypatch
):
    # A greeting paced over a second or more: the answer surely comes before its end.
    monkeypatch.setattr(get_provider(app), "chunk_delay_seconds", 0.02)
    sio = connect(app, client, session)
    ack = sio.emit(
        "answer", {"client_id": "early", "text": "Hello?"}, namespace=NS, callback=True
    )
    assert ack["ok"] is False
    assert ack["error"]["code"] == "INTERACTION_ERROR"
    wait_for(sio, "turn_end")
    assert Message.query.filter_by(client_id="early").count() == 0
    sio.disconnect(NS)


def test_reconnect_restores_the_transcript_without_gaps_or_duplicates(
    app, client, session
):
    sio = connect(app, client, session)
    wait_for(sio, "turn_end")
    sio.emit(
        "answer", {"client_id": "r1", "text": "Short."}, namespace=NS, callback=True
    )
    wait_for(sio, "turn_end")
    sio.disconnect(NS)
    again = connect(app, client, session)
    snapshot = events(again.get_received(NS), "state")[0]
    seqs = [m["seq"] for m in snapshot["messages"]]
    assert seqs == [1, 2, 3]
    resumed = again.emit("resume", {"last_seq": 2}, namespace=NS, callback=True)
    assert [m["seq"] for m in resumed["messages"]] == [3]
    assert resumed["state"]["status"] == "in_progress"
    again.disconnect(NS)


def test_a_lost_turn_is_regenerated_on_reconnect(app, client, session):
    """An answer stored without its reply (e.g. crash mid-stream) gets it later."""
    sio = connect(app, client, session)
    wait_for(sio, "turn_end")
    sio.disconnect(NS)
    answers.record_answer(session, "orphan", "An answer whose reply was lost.")
    db.session.commit()
    again = connect(app, client, session)
    received = wait_for(again, "turn_end")
    assert events(received, "turn_end")[0]["message"]["seq"] == 3
    roles = [m.role for m in conductor.transcript(session)]
    assert roles == ["interviewer", "candidate", "interviewer"]
    again.disconnect(NS)


def test_recruiter_can_watch_only_their_own_sessions(
    app, session, recruiter, other_recruiter
):
    owner = app.test_client()
    factories.page_login(owner, recruiter)
    watcher = socketio.test_client(
        app, namespace=NS, flask_test_client=owner, auth={"watch": session.id}
    )
    assert watcher.is_connected(NS)
    assert "state" in [e["name"] for e in watcher.get_received(NS)]
    ack = watcher.emit(
        "answer", {"client_id": "w", "text": "hi"}, namespace=NS, callback=True
    )
    assert ack["error"]["code"] == "FORBIDDEN"
    stranger = app.test_client()
    factories.page_login(stranger, other_recruiter)
    refused = socketio.test_client(
        app, namespace=NS, flask_test_client=stranger, auth={"watch": session.id}
    )
    assert not refused.is_connected(NS)
