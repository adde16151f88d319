"""Idempotency-Key behaves the same in both stores: the database, and Redis (when
TEST_REDIS_URL is set) with a TTL and an atomic SET NX claim."""

import threading
import time

import pytest

from app.integrations.idempotency import claim_key
from app.integrations.idempotency_stores import REDIS_PREFIX, RedisStore
from app.models import IdempotencyKey, Product, utcnow
from tests.support import services
from tests.support.asserts import assert_error

STORES = [
    "database",
    pytest.param(
        "redis",
        marks=pytest.mark.skipif(
            not services.REDIS_URL, reason="TEST_REDIS_URL is not set"
        ),
    ),
]


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(services.REDIS_URL)
    yield client
    for name in client.scan_iter(f"{REDIS_PREFIX}*"):
        client.delete(name)


@pytest.fixture(params=STORES)
def store(request, app, monkeypatch):
    """The app keeps its keys in this store for the test."""
    monkeypatch.setitem(app.config, "IDEMPOTENCY_STORE", request.param)
    if request.param == "redis":
        monkeypatch.setitem(app.config, "REDIS_URL", services.REDIS_URL)
        request.getfixturevalue("redis_client")
    return request.param


@pytest.fixture
def signed_in(api, recruiter):
    api.login(recruiter)
    return api


def post_product(api, name="Payments", key="key-1"):
    return api.post(
        "/api/v1/products", json={"name": name}, headers={"Idempotency-Key": key}
    )


def test_a_repeat_is_replayed_and_another_body_refused(store, signed_in):
    first = post_product(signed_in)
    again = post_product(signed_in)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_error(post_product(signed_in, name="Lending"), 422, "VALIDATION_ERROR")
    assert Product.query.count() == 1
    in_database = IdempotencyKey.query.count()
    assert in_database == (1 if store == "database" else 0)


def test_a_key_in_flight_answers_409(store, signed_in, recruiter):
    assert claim_key(f"user:{recruiter.id}", "busy", "x" * 64, utcnow(), 24)
    assert_error(post_product(signed_in, key="busy"), 409, "CONFLICT")
    assert Product.query.count() == 0


@pytest.mark.skipif(not services.REDIS_URL, reason="TEST_REDIS_URL is not set")
def test_redis_keeps_a_key_for_its_ttl_then_forgets_it(
    app, monkeypatch, redis_client, signed_in, recruiter
):
    monkeypatch.setitem(app.config, "REDIS_URL", services.REDIS_URL)
    monkeypatch.setitem(app.config, "IDEMPOTENCY_STORE", "auto")  # REDIS_URL: Redis
    post_product(signed_in)
    name = RedisStore.redis_key(f"user:{recruiter.id}", "key-1")
    assert 23 * 3600 < redis_client.ttl(name) <= 24 * 3600  # completing kept the TTL
    redis_client.pexpire(name, 1)
    time.sleep(0.05)
    assert post_product(signed_in, name="Lending").status_code == 201
    assert Product.query.count() == 2


@pytest.mark.skipif(not services.REDIS_URL, reason="TEST_REDIS_URL is not set")
def test_concurrent_claims_in_redis_let_exactly_one_through(
    app, monkeypatch, redis_client
):
    monkeypatch.setitem(app.config, "REDIS_URL", services.REDIS_URL)
    monkeypatch.setitem(app.config, "IDEMPOTENCY_STORE", "redis")
    barrier = threading.Barrier(8)
    results = []

    def claim():
        with app.app_context():
            barrier.wait()
            results.append(claim_key("user:1", "race", "h" * 64, utcnow(), 24))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_an_unreachable_redis_falls_back_to_the_database(app, monkeypatch, signed_in):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.config, "IDEMPOTENCY_STORE", "redis")
    first = post_product(signed_in)
    again = post_product(signed_in)
    assert first.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Product.query.count() == 1
    assert IdempotencyKey.query.count() == 1
