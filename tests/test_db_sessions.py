"""Database connections under the live interview: none held while the model streams,
and every connection back in the pool after each socket event and background turn.

Counts checkouts and checkins with SQLAlchemy's pool events.
"""

import threading
import time

import pytest
from sqlalchemy import event

from app.ai.providers.offline import OfflineProvider
from app.extensions import db, socketio
from app.live import conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.live.turns import IN_FLIGHT, run_turn
from tests import factories
from tests.support import services

NS = "/interview"


class ConnectionCounter:
    """Connections checked out of the engine's pool and not yet returned."""

    def __init__(self, engine):
        self.engine = engine
        self.lock = threading.Lock()
        self.out = 0
        event.listen(engine, "checkout", self._checkout)
        event.listen(engine, "checkin", self._checkin)

    def _checkout(self, *_args):
        with self.lock:
            self.out += 1

    def _checkin(self, *_args):
        with self.lock:
            self.out -= 1

    def remove(self):
        event.remove(self.engine, "checkout", self._checkout)
        event.remove(self.engine, "checkin", self._checkin)


@pytest.fixture
def connections(app):
    db.session.remove()  # the test's own session starts with nothing checked out
    counter = ConnectionCounter(db.engine)
    yield counter
    counter.remove()


@pytest.fixture
def session_ids(recruiter):
    interview = factories.make_interview(
        factories.make_product(recruiter), status="active"
    )
    invitation, _ = factories.make_invitation(interview)
    session = conductor.start_session(invitation)
    db.session.commit()
    ids = session.id, invitation.id
    db.session.remove()
    return ids


def test_no_connection_is_held_while_the_model_streams(app, session_ids, connections):
    held_during_stream = []

    def emit(name, payload):
        if name in ("turn_start", "turn_delta", "turn_end"):
            held_during_stream.append(connections.out)

    paced = OfflineProvider(chunk_delay_seconds=0.005)  # streams over many events
    message = run_turn(session_ids[0], paced, emit)
    assert message is not None and message.seq == 1
    assert len(held_during_stream) >= 1
    assert set(held_during_stream) == {0}
    db.session.remove()
    assert connections.out == 0


def wait_until_released(session_id: int, connections, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not IN_FLIGHT.busy(session_id) and connections.out == 0:
            return
        time.sleep(0.01)
    raise AssertionError(f"{connections.out} connections still checked out")


def wait_for_turn_end(sio, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(e["name"] == "turn_end" for e in sio.get_received(NS)):
            return
        time.sleep(0.01)
    raise AssertionError("no turn_end")


def outside_the_test_context(call):
    """Run `call` on a fresh thread, with no app context, as the server runs events."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(value=call()))
    thread.start()
    thread.join(timeout=20)
    return result["value"]


@pytest.mark.skipif(
    not services.DATABASE_URL,
    reason="the in-memory SQLite pool shares one connection between threads, so its "
    "events cannot count concurrent checkouts; runs on PostgreSQL",
)
def test_connections_return_to_the_pool_after_each_event_and_turn(
    app, client, session_ids, connections
):
    session_id, invitation_id = session_ids
    client.set_cookie(COOKIE_NAME, participant_token(session_id, invitation_id))
    sio = outside_the_test_context(
        lambda: socketio.test_client(app, namespace=NS, flask_test_client=client)
    )
    assert sio.is_connected(NS)
    wait_for_turn_end(sio)
    wait_until_released(session_id, connections)  # connect, then the greeting turn

    ack = outside_the_test_context(
        lambda: sio.emit(
            "answer", {"client_id": "a1", "text": "Short."}, namespace=NS, callback=True
        )
    )
    assert ack["ok"] and ack["seq"] == 2
    wait_for_turn_end(sio)
    wait_until_released(session_id, connections)  # the answer, then the next turn

    snapshot = outside_the_test_context(
        lambda: sio.emit("resume", {"last_seq": 0}, namespace=NS, callback=True)
    )
    assert [m["seq"] for m in snapshot["messages"]] == [1, 2, 3]
    wait_until_released(session_id, connections)
    outside_the_test_context(lambda: sio.disconnect(namespace=NS))
