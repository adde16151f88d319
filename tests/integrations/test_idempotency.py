"""Idempotency-Key: a repeat returns the first answer without doing the work again."""

import threading
from datetime import timedelta

import pytest

from app.extensions import db
from app.integrations.idempotency import claim_key
from app.models import ApiKey, IdempotencyKey, Product, utcnow
from tests import factories
from tests.support import services
from tests.support.asserts import assert_error


@pytest.fixture(autouse=True)
def database_store(app, monkeypatch):
    """These tests look at the rows: keys in the database even when Redis is set
    (test_idempotency_stores.py runs the behaviour on both stores)."""
    monkeypatch.setitem(app.config, "IDEMPOTENCY_STORE", "database")


@pytest.fixture
def signed_in(api, recruiter):
    api.login(recruiter)
    return api


def post_product(api, name="Payments", key="key-1", **kwargs):
    return api.post(
        "/api/v1/products",
        json={"name": name},
        headers={"Idempotency-Key": key},
        **kwargs,
    )


def test_a_repeat_returns_the_original_response_without_redoing_the_work(signed_in):
    first = post_product(signed_in)
    again = post_product(signed_in)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Product.query.count() == 1


def test_the_same_key_with_another_body_answers_422(signed_in):
    post_product(signed_in)
    response = post_product(signed_in, name="Lending")
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert "Idempotency-Key" in error["details"]
    assert Product.query.count() == 1


def test_keys_belong_to_their_caller(signed_in, api, other_recruiter):
    post_product(signed_in)
    api.login(other_recruiter)
    response = post_product(api)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert Product.query.count() == 2


def test_an_api_key_shares_its_owner_s_key_space(signed_in, api):
    created = signed_in.post(
        "/api/v1/api-keys", json={"name": "ats", "scopes": ["write"]}
    ).get_json()
    first = post_product(signed_in)
    again = post_product(api, token=created["key"])
    assert again.get_json() == first.get_json()
    assert Product.query.count() == 1


def test_errors_are_replayed_but_server_errors_release_the_key(signed_in):
    post_product(signed_in, key="a")
    conflict = post_product(signed_in, key="b")  # same name: 409 from the service
    assert_error(conflict, 409, "CONFLICT")
    assert post_product(signed_in, key="b").status_code == 409
    assert IdempotencyKey.query.filter_by(key="b").one().response_status == 409


def test_a_repeat_while_the_first_is_in_flight_answers_409(signed_in, recruiter):
    now = utcnow()
    assert claim_key(f"user:{recruiter.id}", "busy", "x" * 64, now, 24)
    response = post_product(signed_in, key="busy")
    assert_error(response, 409, "CONFLICT")
    assert Product.query.count() == 0


def test_a_key_expires_after_a_day(signed_in):
    post_product(signed_in)
    row = IdempotencyKey.query.one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = post_product(signed_in, name="Lending")
    assert response.status_code == 201
    assert Product.query.count() == 2


def test_secrets_shown_once_are_not_repeated(signed_in):
    body = {"name": "ats", "scopes": ["read"]}
    headers = {"Idempotency-Key": "create-key"}
    first = signed_in.post("/api/v1/api-keys", json=body, headers=headers)
    again = signed_in.post("/api/v1/api-keys", json=body, headers=headers)
    assert first.get_json()["key"].startswith("vk_")
    assert again.get_json()["id"] == first.get_json()["id"]
    assert not again.get_json()["key"].startswith("vk_")
    stored = IdempotencyKey.query.one().response_body
    assert first.get_json()["key"].encode() not in stored
    assert ApiKey.query.count() == 1


def test_malformed_keys_are_refused_and_anonymous_posts_ignore_the_header(
    signed_in, api, recruiter
):
    assert_error(post_product(signed_in, key="x" * 256), 400, "INVALID_REQUEST")
    api.token = None
    login = {"email": recruiter.email, "password": factories.DEFAULT_PASSWORD}
    response = api.post(
        "/api/v1/auth/login", json=login, headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == 200
    assert IdempotencyKey.query.count() == 0


@pytest.mark.skipif(
    not services.DATABASE_URL,
    reason="the in-memory SQLite pool shares one connection between threads, so "
    "they cannot race on it; runs on PostgreSQL (the concurrency suite races real "
    "server processes on SQLite)",
)
def test_concurrent_claims_of_one_key_let_exactly_one_through(app):
    """Many threads race to claim one key; the unique constraint admits one."""
    barrier = threading.Barrier(6)
    results = []

    def claim():
        with app.app_context():
            barrier.wait()
            try:
                results.append(claim_key("user:1", "race", "h" * 64, utcnow(), 24))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    assert IdempotencyKey.query.count() == 1
