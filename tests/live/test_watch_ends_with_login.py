"""A recruiter's live watch socket ends when their login does: after logout, or when
an admin deactivates them, the watcher is disconnected and cannot connect again, so
the candidate's later answers never reach it. Against a real server process."""

import time

import pytest
import requests
import socketio

from app import create_app
from app.admin.service import deactivate_user
from app.extensions import db
from app.live import conductor
from app.live.participants import participant_token
from app.models import User, utcnow
from tests import factories
from tests.factories import DEFAULT_PASSWORD
from tests.support.live_server import LiveServer
from tests.support.socket_client import NAMESPACE, InterviewClient

pytestmark = pytest.mark.live_server
TIMEOUT = 20


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(
        tmp_path_factory.mktemp("watch"),
        overrides={"RATELIMIT_ENABLED": False, "WATCH_RECHECK_SECONDS": 1},
    ).start()
    yield live
    live.stop()


@pytest.fixture
def seeded(server):
    """An interview in progress on the server's database; yields (recruiter id,
    session id, candidate cookie)."""
    server_app = create_app("testing", SQLALCHEMY_DATABASE_URI=server.database_url)
    with server_app.app_context():
        recruiter = factories.make_user()
        interview = factories.make_interview(
            factories.make_product(recruiter), status="active", questions=3
        )
        for question in interview.questions:
            question.follow_up_budget = 0
        invitation, _ = factories.make_invitation(interview, consented_at=utcnow())
        session = conductor.start_session(invitation)
        db.session.commit()
        yield (
            server_app,
            recruiter.id,
            session.id,
            participant_token(session.id, invitation.id),
        )
        db.session.remove()
        db.engine.dispose()


def portal_login(server, server_app, user_id) -> requests.Session:
    with server_app.app_context():
        email = db.session.get(User, user_id).email
    browser = requests.Session()
    signed_in = browser.post(
        f"{server.url}/login",
        data={"email": email, "password": DEFAULT_PASSWORD},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert signed_in.status_code == 302, signed_in.text
    return browser


def wait_until_disconnected(watcher: InterviewClient) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if NAMESPACE not in watcher.client.namespaces:
            return
        time.sleep(0.05)
    raise AssertionError("the watcher is still connected")


def answered(candidate: InterviewClient, seq: int) -> None:
    ack = candidate.answer(f"answer-{seq}", f"My answer number {seq}.")
    assert ack["ok"] and ack["seq"] == seq, ack
    candidate.wait_for(
        "turn_end", timeout=TIMEOUT, where=lambda d: d["message"]["seq"] == seq + 1
    )


def watch_and_end(server, seeded, end_login) -> None:
    server_app, recruiter_id, session_id, cookie = seeded
    browser = portal_login(server, server_app, recruiter_id)
    cookies = browser.cookies.get_dict()
    watcher = InterviewClient(server.url, cookies=cookies, auth={"watch": session_id})
    candidate = InterviewClient(server.url, cookie)
    try:
        watcher.connect()
        candidate.connect()
        candidate.wait_for(
            "turn_end", timeout=TIMEOUT, where=lambda d: d["message"]["seq"] == 1
        )
        answered(candidate, 2)
        watcher.wait_for("answer_stored", where=lambda d: d["message"]["seq"] == 2)

        end_login(browser, server_app, recruiter_id)
        wait_until_disconnected(watcher)
        answered(candidate, 4)
        assert not [
            data
            for name, data in watcher.history
            if name == "answer_stored" and data["message"]["seq"] == 4
        ]
        again = InterviewClient(server.url, cookies=cookies, auth={"watch": session_id})
        with pytest.raises(socketio.exceptions.ConnectionError):
            again.connect()
    finally:
        watcher.close()
        candidate.close()


def test_logging_out_ends_the_watch(server, seeded):
    def log_out(browser, _app, _user_id):
        csrf = browser.cookies.get("csrf_access_token")
        left = browser.post(
            f"{server.url}/logout",
            data={"csrf_token": csrf},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert left.status_code == 302

    watch_and_end(server, seeded, log_out)


def test_deactivation_ends_the_watch(server, seeded):
    def deactivate(_browser, server_app, user_id):
        with server_app.app_context():
            admin = factories.make_user(role="admin")
            deactivate_user(admin, db.session.get(User, user_id))
            db.session.commit()

    watch_and_end(server, seeded, deactivate)
