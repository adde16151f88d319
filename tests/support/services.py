"""External services for the suite: PostgreSQL and Redis when CI asks for them.

When TEST_DATABASE_URL or TEST_REDIS_URL is set, the service must be reachable: the run
stops with a clear message instead of silently skipping what it was asked to test.
"""

import os
import secrets
from contextlib import contextmanager

DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
REDIS_URL = os.environ.get("TEST_REDIS_URL") or None


def require_database(url: str) -> None:
    """Fail the whole run loudly when the configured test database cannot be reached."""
    from sqlalchemy import create_engine, text

    from config import normalise_database_url

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
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from config import normalise_database_url

    url = make_url(normalise_database_url(server_url))
    name = f"{prefix}_{secrets.token_hex(6)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(
                    text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                )
    finally:
        admin.dispose()
