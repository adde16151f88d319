"""Fixtures: one app per run, a clean database per test, clients and logins."""

import os
import time

# Before anything imports config: no developer .env, no real provider keys.
os.environ["VIVA_NO_DOTENV"] = "1"
for _name in (
    "GOOGLE_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_GENAI_USE_VERTEXAI",
    "SENDGRID_API_KEY",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
):
    os.environ.pop(_name, None)

import pytest  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from sqlalchemy.pool import StaticPool  # noqa: E402

from app import create_app  # noqa: E402
from app.background import jobs  # noqa: E402
from app.extensions import db, limiter  # noqa: E402
from tests import factories  # noqa: E402
from tests.support import services  # noqa: E402


def pytest_report_header(config):
    database = services.DATABASE_URL or "sqlite (in memory)"
    redis = services.REDIS_URL or "none (in-process stores)"
    return [f"viva test database: {database}", f"viva test redis: {redis}"]


def app_overrides() -> dict:
    """The test configuration, pointed at CI's services when they are set."""
    overrides = {}
    if services.DATABASE_URL:
        services.require_database(services.DATABASE_URL)
        from config import normalise_database_url

        overrides["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
            services.DATABASE_URL
        )
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    else:
        overrides["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "poolclass": StaticPool,
            "connect_args": {"check_same_thread": False},
        }
    if services.REDIS_URL:
        services.require_redis(services.REDIS_URL)
        overrides["REDIS_URL"] = services.REDIS_URL
        overrides["RATELIMIT_STORAGE_URI"] = services.REDIS_URL
        overrides["SOCKETIO_CHANNEL"] = services.SOCKETIO_CHANNEL
    return overrides


@pytest.fixture(scope="session")
def app():
    application = create_app("testing", **app_overrides())
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_tables() -> None:
    """Delete every row. A live-interview test may leave its background turn
    finishing; on in-memory SQLite it shares the one connection, and its final
    rollback can undo these deletes; on PostgreSQL a live server still writing can
    deadlock with them: wait for turns in flight, then check and repeat until the
    tables are empty."""
    from app.live.turns import IN_FLIGHT

    deadline = time.monotonic() + 10
    while IN_FLIGHT.busy_any() and time.monotonic() < deadline:
        time.sleep(0.01)
    for _attempt in range(20):
        db.session.rollback()
        try:
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
        except OperationalError:  # PostgreSQL: a deadlock with a live server's turn
            time.sleep(0.05)  # the next round starts with a rollback
            continue
        if not any(
            db.session.execute(table.select().limit(1)).first()
            for table in db.metadata.sorted_tables
        ):
            return
        time.sleep(0.05)
    raise AssertionError("the test database could not be emptied")


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test runs in an app context against empty tables."""
    with app.app_context():
        # The limiter extension is one object; tests that build apps of their own
        # re-bind it to their storage, so bind it back to the suite's app first.
        limiter.init_app(app)
        limiter.reset()
        jobs.init_app(app)  # the same for the job queue
        if services.REDIS_URL:
            services.clear_redis(services.REDIS_URL)
        yield
        _empty_tables()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def recruiter():
    return factories.make_user(
        email="rita@example.com", username="rita", full_name="Rita Recruiter"
    )


@pytest.fixture
def other_recruiter():
    return factories.make_user(
        email="oscar@example.com", username="oscar", full_name="Oscar Other"
    )


@pytest.fixture
def admin():
    return factories.make_user(
        email="ada@example.com", username="ada", full_name="Ada Admin", role="admin"
    )


def _marked(request, name: str) -> dict:
    """The keyword arguments of the closest @pytest.mark.<name>(...), if any."""
    marker = request.node.get_closest_marker(name)
    return dict(marker.kwargs) if marker else {}


@pytest.fixture
def product(request, recruiter):
    """The recruiter's product; `@pytest.mark.product(**fields)` sets its fields."""
    return factories.make_product(recruiter, **_marked(request, "product"))


@pytest.fixture
def interview(request, product):
    """An active interview of `product`. `@pytest.mark.interview(**settings)` (on a
    test or as a module's pytestmark) passes make_interview's settings, e.g.
    status="draft" or questions=[{"text": ..., "key_points": [...]}, ...]."""
    settings = {"status": "active", **_marked(request, "interview")}
    return factories.make_interview(product, **settings)


@pytest.fixture
def api(client):
    """A JSON API caller that logs users in and sends their bearer token."""
    return factories.ApiClient(client)


@pytest.fixture(params=["console", "smtp"])
def mailbox(request, app, monkeypatch, capsys):
    """Where account emails land: the console backend's output, or an SMTP sink."""
    from tests.fakes.smtp_sink import SMTPSink
    from tests.support.mailbox import ConsoleMailbox, SMTPMailbox

    if request.param == "console":
        monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
        yield ConsoleMailbox(capsys)
        return
    with SMTPSink() as sink:
        settings = {
            "MAIL_BACKEND": "smtp",
            "SMTP_HOST": sink.host,
            "SMTP_PORT": sink.port,
            "SMTP_STARTTLS": False,
            "SMTP_USERNAME": None,
            "SMTP_PASSWORD": None,
            "MAIL_TIMEOUT_SECONDS": 5,
        }
        for key, value in settings.items():
            monkeypatch.setitem(app.config, key, value)
        yield SMTPMailbox(sink)


@pytest.fixture
def queued_jobs(app):
    """Jobs wait in an in-memory queue until the test runs them (drain, sweep)."""
    from tests.support.jobs import QueuedJobs

    jobs.immediate = False
    yield QueuedJobs(jobs)
    jobs.flush()
    jobs.immediate = True
