"""Two production processes sharing Redis, for the fan-out tests (pytest and browser).

A database of their own (a SQLite file, or a throwaway PostgreSQL database when
TEST_DATABASE_URL is set), migrated like `make serve` does; a private redis-server that
a test may stop and start again; an interview in progress with the cookies of its
candidate and of its recruiter.
"""

import subprocess
import time
import uuid
from contextlib import contextmanager

import redis

from app import create_app
from app.auth.tokens import issue_access_token
from app.extensions import db
from app.live import conductor
from app.live.participants import participant_token
from tests import factories
from tests.support import services
from tests.support.production import (
    JWT_SECRET_KEY,
    PII_SECRETS,
    SECRET_KEY,
    ProductionServer,
    migrate,
)
from tests.support.server_process import free_port

QUESTIONS = 3


@contextmanager
def fanout_database(tmp_path):
    """A migrated database of the processes' own; yields its URL."""
    if services.DATABASE_URL:
        with services.throwaway_postgres_database(
            services.DATABASE_URL, prefix="viva_fanout"
        ) as url:
            migrate(url)
            yield url
    else:
        url = f"sqlite:///{tmp_path / 'fanout.db'}"
        migrate(url)
        yield url


@contextmanager
def two_processes(tmp_path, database_url: str, redis_url: str, channel: str):
    env = {
        "REDIS_URL": redis_url,
        "SOCKETIO_CHANNEL": channel,
        "AI_OFFLINE_CHUNK_DELAY_MS": "15",
    }
    a = ProductionServer(tmp_path, database_url, **env).start()
    try:
        b = ProductionServer(tmp_path, database_url, **env).start()
        try:
            yield a, b
        finally:
            b.stop()
    finally:
        a.stop()
    for server in (a, b):
        assert "Traceback" not in server.log(), server.log()


def seed_session(database_url: str) -> tuple[int, str, dict]:
    """An interview in progress; the candidate's and the owner's portal cookies."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY=SECRET_KEY,
        **PII_SECRETS,
        JWT_SECRET_KEY=JWT_SECRET_KEY,
    )
    with app.app_context():
        recruiter = factories.make_user()
        interview = factories.make_interview(
            factories.make_product(recruiter),
            status="active",
            questions=QUESTIONS,
        )
        for question in interview.questions:  # no follow-ups: interviewer turns are odd
            question.follow_up_budget = 0
        invitation, _ = factories.make_invitation(interview)
        session = conductor.start_session(invitation)
        db.session.commit()
        candidate_cookie = participant_token(session.id, invitation.id)
        access = issue_access_token(recruiter, sid=uuid.uuid4().hex, csrf="x")
        portal = {app.config["JWT_ACCESS_COOKIE_NAME"]: access}
        session_id = session.id
        db.engine.dispose()
    return session_id, candidate_cookie, portal


class PrivateRedis:
    """A redis-server of this test's own, which it may stop and start again."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.process = None

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return self
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def wait_for_subscribers(self, channel: str, count: int, timeout: float = 20):
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if dict(client.pubsub_numsub(channel)).get(channel.encode(), 0) >= count:
                return
            time.sleep(0.1)
        raise AssertionError(f"{count} processes did not subscribe to {channel}")
