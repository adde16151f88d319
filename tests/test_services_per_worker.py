"""The suite's services per xdist worker (tests/support/services.py): both passes of
.ci/run run on two workers, which must never share a database, a Redis index or a
Socket.IO channel."""

from tests.support.services import for_this_worker

PG = "postgresql://postgres@127.0.0.1:5432/test"


def test_without_xdist_the_urls_are_used_as_given():
    assert for_this_worker(PG, "redis://127.0.0.1:6379/0", worker="") == (
        PG,
        "redis://127.0.0.1:6379/0",
    )


def test_each_worker_gets_a_database_of_its_own_on_the_same_server():
    first, _ = for_this_worker(PG, None, worker="gw0")
    second, _ = for_this_worker(PG, None, worker="gw1")
    assert first == "postgresql://postgres@127.0.0.1:5432/test_gw0"
    assert second == "postgresql://postgres@127.0.0.1:5432/test_gw1"
    with_password, _ = for_this_worker(
        "postgresql+psycopg://viva:s3cret@db:5433/ci", None, worker="gw2"
    )
    assert with_password == "postgresql+psycopg://viva:s3cret@db:5433/ci_gw2"


def test_each_worker_gets_a_redis_index_after_the_given_one():
    def index(url, worker):
        return for_this_worker(None, url, worker=worker)[1]

    assert index("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/1"
    assert index("redis://127.0.0.1:6379/0", "gw1") == "redis://127.0.0.1:6379/2"
    assert index("redis://127.0.0.1:6379", "gw0") == "redis://127.0.0.1:6379/1"
    assert (
        index("redis://:pw@cache:6380/4?socket_timeout=2", "gw1")
        == "redis://:pw@cache:6380/6?socket_timeout=2"
    )
