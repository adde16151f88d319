"""One real server process per module (tests/support/live_server.py) and an app bound to
its database, which seeds records and reads them back for the assertions.

Rate limits are off in this server: these tests are about racing writes, and a 429
would hide what a race does. On PostgreSQL the server shares the suite's database,
which the suite empties after each test; on SQLite it has a file of its own.
"""

import pytest

from app import create_app
from app.extensions import db
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(
        tmp_path_factory.mktemp("concurrency"),
        overrides={"RATELIMIT_ENABLED": False, "WATCH_RECHECK_SECONDS": 1},
    ).start()
    yield live
    live.stop()
    assert "Traceback" not in live.log(), live.log()


@pytest.fixture(scope="module")
def server_app(server):
    """An app on the server's database (same testing secrets as the server)."""
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=server.database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        PUBLIC_BASE_URL=server.url,
    )
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def seeded(server_app):
    """Runs the test inside the server app's context: factories write to the server's
    database, queries read it."""
    with server_app.app_context():
        yield server_app
        db.session.remove()
