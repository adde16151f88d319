"""A server restart mid-interview loses no answered turn; a half-streamed turn is
redone.

Also checks the Socket.IO handshake against a real server: a foreign Origin is refused.
"""

import pytest
import socketio

from app import create_app
from app.extensions import db
from app.live import conductor
from app.live.participants import participant_token
from app.models import Message
from tests import factories
from tests.support.live_server import LiveServer
from tests.support.socket_client import InterviewClient

pytestmark = pytest.mark.live_server
SLOW_TURNS = {"AI_OFFLINE_CHUNK_DELAY_MS": 40}
LONG = "I would design it carefully with clear resources, validation and tests. " * 4


@pytest.fixture
def seeded(app, tmp_path):
    """A server process, and an active interview with an invitation in its database."""
    server = LiveServer(tmp_path, overrides=SLOW_TURNS).start()
    seeding_app = create_app("testing", SQLALCHEMY_DATABASE_URI=server.database_url)
    with seeding_app.app_context():
        recruiter = factories.make_user()
        product = factories.make_product(recruiter)
        interview = factories.make_interview(product, questions=3, status="active")
        invitation, _ = factories.make_invitation(interview, name="Robin")
        session = conductor.start_session(invitation)
        db.session.commit()
        cookie = participant_token(session.id, invitation.id)
        session_id = session.id
    yield server, seeding_app, cookie, session_id
    server.stop()
    with seeding_app.app_context():
        db.engine.dispose()


def _transcript(seeding_app, session_id):
    with seeding_app.app_context():
        rows = (
            Message.query.filter_by(session_id=session_id).order_by(Message.seq).all()
        )
        return [(m.seq, m.role, m.content) for m in rows]


def test_restart_mid_turn_loses_nothing(seeded, tmp_path):
    server, seeding_app, cookie, session_id = seeded
    candidate = InterviewClient(server.url, cookie).connect()
    greeting = candidate.wait_for("turn_end")["message"]
    assert candidate.answer("a1", LONG)["ok"]
    candidate.wait_for("turn_end", where=lambda d: d["message"]["seq"] == 3)
    assert candidate.answer("a2", LONG) == {"ok": True, "seq": 4, "duplicate": False}
    candidate.wait_for("turn_delta", where=lambda d: d["seq"] == 5)
    server.process.kill()  # a crash in the middle of streaming turn 5
    server.process.wait()
    candidate.close()

    restarted = LiveServer(tmp_path, overrides=SLOW_TURNS).start()
    try:
        again = InterviewClient(restarted.url, cookie).connect()
        state = again.wait_for("state")
        assert [m["seq"] for m in state["messages"]] == [1, 2, 3, 4]
        assert state["messages"][0]["text"] == greeting["text"]
        assert state["messages"][3]["text"] == LONG.strip()
        redone = again.wait_for("turn_end", timeout=30)["message"]
        assert redone["seq"] == 5 and redone["role"] == "interviewer"
        # The resent answer is acknowledged, not stored twice.
        assert again.answer("a2", LONG)["duplicate"] is True
        again.close()
    finally:
        restarted.stop()
    rows = _transcript(seeding_app, session_id)
    assert [seq for seq, _role, _text in rows] == [1, 2, 3, 4, 5]
    assert [role for _seq, role, _text in rows] == ["interviewer", "candidate"] * 2 + [
        "interviewer"
    ]


def test_the_handshake_refuses_foreign_origins_and_missing_cookies(seeded):
    server, _app, cookie, _session_id = seeded
    intruder = InterviewClient(server.url, cookie, origin="http://evil.example")
    with pytest.raises(socketio.exceptions.ConnectionError):
        intruder.connect(transports=("polling",))
    assert "http://evil.example is not an accepted origin" in server.log()
    stranger = InterviewClient(server.url, "not-a-valid-cookie")
    with pytest.raises(socketio.exceptions.ConnectionError):
        stranger.connect()
    friendly = InterviewClient(server.url, cookie).connect()
    assert friendly.wait_for("state")["state"]["status"] == "in_progress"
    friendly.close()
