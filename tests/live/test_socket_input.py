"""Bad input on the /interview socket loses nothing: every payload is validated by its
schema, every refusal or failure is acked with the one error envelope, nothing is cut
or dropped silently, and a database error is rolled back and answered.

Through Flask-SocketIO's test client (python-socketio underneath), on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL; a database that fails is faked at the driver, the
one thing outside the process.
"""

import threading

import pytest
from sqlalchemy import event

from app import create_app
from app.extensions import db, socketio
from app.live import conductor
from app.live.answers import MAX_ANSWER_CHARS
from app.live.participants import COOKIE_NAME, participant_token
from app.models import Message
from tests import factories
from tests.live.test_live_socket import events, wait_for
from tests.support import services
from tests.support.live_server import LiveServer
from tests.support.socket_client import InterviewClient

NS = "/interview"


@pytest.fixture
def session(recruiter):
    product = factories.make_product(recruiter, name="Acme")
    interview = factories.make_interview(product, questions=2, status="active")
    invitation, _ = factories.make_invitation(interview, name="Sam Candidate")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


@pytest.fixture
def candidate(app, client, session):
    """A connected candidate whose greeting has arrived (it is their turn)."""
    client.set_cookie(COOKIE_NAME, participant_token(session.id, session.invitation_id))
    sio = socketio.test_client(app, namespace=NS, flask_test_client=client)
    wait_for(sio, "turn_end")
    yield sio
    sio.disconnect(NS)


def answer(sio, payload):
    return sio.emit("answer", payload, namespace=NS, callback=True)


def assert_refused(ack, code, field=None):
    """The one envelope, with ok false for the page."""
    assert ack["ok"] is False
    assert set(ack["error"]) == {"code", "message", "details"}
    assert ack["error"]["code"] == code and ack["error"]["message"]
    if field is not None:
        assert field in ack["error"]["details"]


def stored_answers(session_id):
    db.session.expire_all()
    return Message.query.filter_by(session_id=session_id, role="candidate").all()


class FailingDatabase:
    """The database refusing the next INSERT of a message by `role`, as a driver
    error (what a lost connection or a full disk looks like to the app)."""

    def __init__(self, engine, role: str):
        self.engine, self.role, self.failed = engine, role, 0
        event.listen(engine, "before_cursor_execute", self._fail)

    def _fail(self, _conn, _cursor, statement, parameters, *_args):
        values = parameters.values() if isinstance(parameters, dict) else parameters
        if (
            not self.failed
            and statement.startswith("INSERT INTO messages")
            and self.role in list(values or ())
        ):
            self.failed += 1
            raise self.engine.dialect.loaded_dbapi.OperationalError("database gone")

    def remove(self):
        event.remove(self.engine, "before_cursor_execute", self._fail)


@pytest.fixture
def failing_database():
    failures = []

    def fail_next_insert(role: str) -> FailingDatabase:
        failures.append(FailingDatabase(db.engine, role))
        return failures[-1]

    yield fail_next_insert
    for failure in failures:
        failure.remove()


@pytest.mark.parametrize("where", ["text", "client_id"])
def test_an_answer_holding_nul_is_refused_and_nothing_is_stored(
    candidate, session, where
):
    payload = {"client_id": "nul-1", "text": "My answer.\x00 And more."}
    if where == "client_id":
        payload = {"client_id": "nul\x00-1", "text": "My answer."}
    ack = answer(candidate, payload)
    assert_refused(ack, "VALIDATION_ERROR", where)
    assert "NUL" in ack["error"]["message"]
    assert stored_answers(session.id) == []
    # The connection and the database session are fine: a clean answer is stored.
    assert answer(candidate, {"client_id": "nul-1", "text": "My answer."})["ok"]


@pytest.mark.parametrize("resume", ["last_seq=3", ["last_seq", 3], 7, True])
def test_a_resume_that_is_not_an_object_is_refused_with_an_ack(candidate, resume):
    ack = candidate.emit("resume", resume, namespace=NS, callback=True)
    assert_refused(ack, "INVALID_REQUEST")


@pytest.mark.parametrize(
    "resume", [{"last_seq": "three"}, {"last_seq": -1}, {"last_seq": 2**40}]
)
def test_a_resume_with_a_bad_last_seq_names_the_field(candidate, resume):
    ack = candidate.emit("resume", resume, namespace=NS, callback=True)
    assert_refused(ack, "VALIDATION_ERROR", "last_seq")


@pytest.mark.parametrize("resume", [None, {}, {"last_seq": 0, "from": "old page"}])
def test_a_resume_without_last_seq_sends_everything(candidate, resume):
    ack = candidate.emit("resume", resume, namespace=NS, callback=True)
    assert ack["ok"] is True and [m["seq"] for m in ack["messages"]] == [1]


def test_a_client_id_longer_than_64_characters_is_refused_not_cut(candidate, session):
    first = "a" * 64
    assert answer(candidate, {"client_id": first, "text": "Short."})["ok"]
    wait_for(candidate, "turn_end")
    # Sharing the first 64 characters once made this a "duplicate", silently dropped.
    ack = answer(candidate, {"client_id": first + "b", "text": "A different answer."})
    assert_refused(ack, "VALIDATION_ERROR", "client_id")
    assert "64" in ack["error"]["message"]
    assert [m.content for m in stored_answers(session.id)] == ["Short."]


def test_an_answer_over_the_limit_is_refused_whole_and_one_at_it_is_kept(
    candidate, session
):
    ack = answer(candidate, {"client_id": "long", "text": "x" * (MAX_ANSWER_CHARS + 1)})
    assert_refused(ack, "VALIDATION_ERROR", "text")
    assert "20,000" in ack["error"]["message"]
    assert stored_answers(session.id) == []
    fits = "y" * MAX_ANSWER_CHARS
    assert answer(candidate, {"client_id": "long", "text": fits})["ok"]
    assert [len(m.content) for m in stored_answers(session.id)] == [MAX_ANSWER_CHARS]


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        (None, "INVALID_REQUEST", None),
        ("just text", "INVALID_REQUEST", None),
        ({}, "VALIDATION_ERROR", "client_id"),
        ({"client_id": "x"}, "VALIDATION_ERROR", "text"),
        ({"client_id": "", "text": "a"}, "VALIDATION_ERROR", "client_id"),
        ({"client_id": "x", "text": 5}, "VALIDATION_ERROR", "text"),
        ({"client_id": 12, "text": "a"}, "VALIDATION_ERROR", "client_id"),
        ({"client_id": "x", "text": "   "}, "VALIDATION_ERROR", "text"),
    ],
)
def test_malformed_answers_are_refused_in_the_envelope(
    candidate, session, payload, code, field
):
    assert_refused(answer(candidate, payload), code, field)
    assert stored_answers(session.id) == []


def test_a_database_error_is_rolled_back_and_answered(
    candidate, session, failing_database
):
    failure = failing_database("candidate")
    ack = answer(candidate, {"client_id": "db-1", "text": "My answer."})
    assert failure.failed == 1
    assert_refused(ack, "SERVICE_UNAVAILABLE")
    assert stored_answers(session.id) == []
    # Nothing half-done stayed behind: the same answer, sent again, is stored.
    again = answer(candidate, {"client_id": "db-1", "text": "My answer."})
    assert again == {"ok": True, "seq": 2, "duplicate": False}
    assert [m.client_id for m in stored_answers(session.id)] == ["db-1"]


def test_a_turn_that_cannot_be_stored_is_reported_in_the_envelope_and_redone(
    candidate, session, failing_database
):
    failing_database("interviewer")
    assert answer(candidate, {"client_id": "t-1", "text": "I don't know."})["ok"]
    failed = events(wait_for(candidate, "error"), "error")[0]
    assert set(failed) == {"error"}
    assert failed["error"]["code"] == "TURN_FAILED" and failed["error"]["details"] == {}
    # The page resumes; the lost turn is planned and generated again.
    assert candidate.emit("resume", {"last_seq": 2}, namespace=NS, callback=True)["ok"]
    redone = events(wait_for(candidate, "turn_end"), "turn_end")[0]["message"]
    assert redone["seq"] == 3 and redone["text"].endswith("Question 2?")


def test_a_watcher_is_refused_in_the_envelope(app, session, recruiter):
    owner = app.test_client()
    factories.page_login(owner, recruiter)
    watcher = socketio.test_client(
        app, namespace=NS, flask_test_client=owner, auth={"watch": session.id}
    )
    assert watcher.is_connected(NS)
    assert_refused(answer(watcher, {"client_id": "w", "text": "hi"}), "FORBIDDEN")
    watcher.disconnect(NS)


@pytest.mark.parametrize("watch", ["1; DROP", [1], 2**40, None])
def test_a_malformed_watch_request_is_refused_at_connect(
    app, session, recruiter, watch
):
    owner = app.test_client()
    factories.page_login(owner, recruiter)
    refused = socketio.test_client(
        app, namespace=NS, flask_test_client=owner, auth={"watch": watch}
    )
    assert not refused.is_connected(NS)


@pytest.mark.skipif(
    not services.DATABASE_URL,
    reason="the in-memory SQLite pool shares one connection between threads, so two "
    "events cannot run at once; runs on PostgreSQL",
)
def test_the_same_answer_sent_twice_at_once_is_stored_once(app, session):
    """Two tabs (or a resend racing the first send): one row, both acked the same."""
    cookie = participant_token(session.id, session.invitation_id)
    clients = []
    for _ in range(2):
        http = app.test_client()
        http.set_cookie(COOKIE_NAME, cookie)
        clients.append(socketio.test_client(app, namespace=NS, flask_test_client=http))
    wait_for(clients[0], "turn_end")
    start, acks = threading.Barrier(2), []

    def send(sio):
        start.wait()
        acks.append(answer(sio, {"client_id": "twice", "text": "Same answer."}))

    threads = [threading.Thread(target=send, args=(sio,)) for sio in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert all(ack["ok"] for ack in acks), acks
    assert sorted(ack["duplicate"] for ack in acks) == [False, True]
    assert {ack["seq"] for ack in acks} == {2}
    assert len(stored_answers(session.id)) == 1
    wait_for(clients[0], "turn_end")
    for sio in clients:
        sio.disconnect(NS)


@pytest.mark.live_server
def test_bad_answers_over_a_real_socket_are_refused_and_a_good_one_is_kept(
    app, tmp_path
):
    """The probe that found the NUL answer: a python-socketio client, over a WebSocket,
    against a server process on the suite's database (PostgreSQL refused NUL with an
    error and no ack, so the page re-sent it for ever)."""
    server = LiveServer(tmp_path).start()
    seeding_app = create_app("testing", SQLALCHEMY_DATABASE_URI=server.database_url)
    try:
        with seeding_app.app_context():
            product = factories.make_product(factories.make_user())
            interview = factories.make_interview(product, questions=2, status="active")
            invitation, _ = factories.make_invitation(interview)
            session = conductor.start_session(invitation)
            db.session.commit()
            cookie, session_id = (
                participant_token(session.id, invitation.id),
                session.id,
            )
        candidate = InterviewClient(server.url, cookie).connect()
        try:
            candidate.wait_for("turn_end")
            refused = [
                candidate.answer("nul", "An answer\x00 with NUL."),
                candidate.answer("x" * 65, "An answer."),
                candidate.answer("long", "z" * (MAX_ANSWER_CHARS + 1)),
                candidate.client.call("resume", "7", namespace=NS, timeout=10),
            ]
            codes = [ack["error"]["code"] for ack in refused]
            assert codes == ["VALIDATION_ERROR"] * 3 + ["INVALID_REQUEST"]
            assert candidate.answer("nul", "An answer with no NUL.") == {
                "ok": True,
                "seq": 2,
                "duplicate": False,
            }
        finally:
            candidate.close()
        with seeding_app.app_context():
            rows = Message.query.filter_by(session_id=session_id, role="candidate")
            assert [m.content for m in rows] == ["An answer with no NUL."]
    finally:
        server.stop()
        with seeding_app.app_context():
            db.engine.dispose()
