"""External services for the suite: PostgreSQL and Redis when CI asks for them.

When TEST_DATABASE_URL or TEST_REDIS_URL is set, the service must be reachable: the run
stops with a clear message instead of silently skipping what it was asked to test.

Under pytest-xdist each worker gets services of its own, so the PostgreSQL pass can run
on every core: worker gw<N> uses the database `<name>_gw<N>` on the same server (created
on first use), Redis database index <index> + 1 + N, and a Socket.IO channel of its own
(Redis pub/sub channels are shared by every database index).
"""

import os
import secrets
from contextlib import contextmanager

WORKER = os.environ.get("PYTEST_XDIST_WORKER") or ""  # "gw0", "gw1"... under xdist


def for_this_worker(
    database_url: str | None, redis_url: str | None, worker: str = WORKER
) -> tuple[str | None, str | None]:
    """The suite's database and Redis URLs, made xdist worker `worker`'s own."""
    if not worker:
        return database_url, redis_url
    from sqlalchemy.engine import make_url

    number = int(worker.removeprefix("gw"))
    if database_url:
        url = make_url(database_url)
        database_url = url.set(database=f"{url.database}_{worker}").render_as_string(
            hide_password=False
        )
    if redis_url:
        from redis.connection import parse_url

        index = int(parse_url(redis_url).get("db") or 0) + 1 + number
        address, _, query = redis_url.partition("?")
        scheme, _, rest = address.partition("://")
        host = rest.split("/", 1)[0]
        redis_url = f"{scheme}://{host}/{index}" + (f"?{query}" if query else "")
    return database_url, redis_url


SERVER_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
DATABASE_URL, REDIS_URL = for_this_worker(
    SERVER_DATABASE_URL, os.environ.get("TEST_REDIS_URL") or None
)
SOCKETIO_CHANNEL = f"viva-socketio-test-{WORKER or 'main'}"


def require_database(url: str) -> None:
    """Fail the whole run loudly when the configured test database cannot be reached."""
    from sqlalchemy import create_engine, text

    from config import normalise_database_url

    if url != SERVER_DATABASE_URL:
        create_database_once(url)
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to connect is fatal here
        import pytest  # only the suite calls this; the benchmarks import this module

        pytest.exit(
            f"TEST_DATABASE_URL={url} is set but unreachable: {exc}", returncode=3
        )
    finally:
        engine.dispose()


@contextmanager
def _server_admin(server_url: str):
    """An AUTOCOMMIT engine on the test server, for creating and dropping databases."""
    from sqlalchemy import create_engine

    from config import normalise_database_url

    admin = create_engine(
        normalise_database_url(server_url), isolation_level="AUTOCOMMIT"
    )
    try:
        yield admin
    finally:
        admin.dispose()


def create_database_once(url: str) -> None:
    """Create this worker's database on the test server unless it exists."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with _server_admin(SERVER_DATABASE_URL) as admin, admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))


def require_redis(url: str) -> None:
    """Fail the whole run loudly when the configured test Redis cannot be reached."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # any failure to connect is fatal here
        import pytest

        pytest.exit(f"TEST_REDIS_URL={url} is set but unreachable: {exc}", returncode=3)


def clear_redis(url: str) -> None:
    """Remove the keys Viva writes (revocations, rate limits) between tests."""
    import redis

    client = redis.Redis.from_url(url)
    for pattern in ("viva:*", "LIMITS:*", "LIMITER*"):
        keys = list(client.scan_iter(pattern))
        if keys:
            client.delete(*keys)


@contextmanager
def throwaway_postgres_database(server_url: str, prefix: str = "viva_migrations"):
    """A new, empty database on the test server, dropped afterwards; yields its URL."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from config import normalise_database_url

    name = f"{prefix}_{secrets.token_hex(6)}"
    with _server_admin(server_url) as admin:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(normalise_database_url(server_url)).set(database=name)
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(
                    text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                )
