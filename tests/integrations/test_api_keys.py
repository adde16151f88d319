"""API keys: created once, stored hashed, listed, revoked, scoped, audited."""

import hashlib
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import ApiKey, AuditEvent, Product, utcnow
from tests import factories
from tests.support.asserts import assert_error


@pytest.fixture
def signed_in(api, recruiter):
    api.login(recruiter)
    return api


def create_key(api, scopes, **extra):
    response = api.post(
        "/api/v1/api-keys", json={"name": "ATS sync", "scopes": scopes, **extra}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def audit_actions() -> list[str]:
    return [event.action for event in AuditEvent.query.order_by(AuditEvent.id)]


def test_a_key_is_shown_once_and_stored_only_as_a_hash(signed_in):
    body = create_key(signed_in, ["read"])
    assert body["key"].startswith("vk_") and len(body["key"]) > 40
    row = db.session.get(ApiKey, body["id"])
    assert row.key_hash == hashlib.sha256(body["key"].encode()).hexdigest()
    assert body["key"] not in {row.key_hash, row.prefix, row.name}
    listed = signed_in.get("/api/v1/api-keys").get_json()
    assert listed["meta"]["total"] == 1
    assert "key" not in listed["items"][0]
    assert listed["items"][0]["prefix"] == body["key"][:10]
    assert "api_key.created" in audit_actions()


def test_a_read_key_works_like_a_token_for_gets_and_records_last_use(
    signed_in, api, recruiter
):
    factories.make_product(recruiter, name="Payments")
    key = create_key(signed_in, ["read"])["key"]
    response = api.get("/api/v1/products", token=key)
    assert response.status_code == 200
    assert [p["name"] for p in response.get_json()["items"]] == ["Payments"]
    assert ApiKey.query.one().last_used_at is not None


def test_a_read_key_cannot_write_and_the_attempt_is_audited(signed_in, api):
    key = create_key(signed_in, ["read"])["key"]
    response = api.post("/api/v1/products", token=key, json={"name": "Lending"})
    error = assert_error(response, 403, "FORBIDDEN")
    assert "write" in error["message"]
    assert Product.query.count() == 0
    event = AuditEvent.query.filter_by(action="api_key.scope_exceeded").one()
    assert event.details["needed"] == "write"
    assert key not in str(event.details)


def test_a_write_key_creates_records_as_its_owner(signed_in, api, recruiter):
    key = create_key(signed_in, ["write"])["key"]
    response = api.post("/api/v1/products", token=key, json={"name": "Lending"})
    assert response.status_code == 201
    assert response.get_json()["owner_id"] == recruiter.id
    assert api.get("/api/v1/products", token=key).status_code == 200


def test_admin_routes_need_the_admin_scope_and_an_admin_owner(api, admin, recruiter):
    api.login(admin)
    write_key = create_key(api, ["read", "write"])["key"]
    admin_key = create_key(api, ["admin"])["key"]
    assert_error(api.get("/api/v1/admin/users", token=write_key), 403, "FORBIDDEN")
    assert api.get("/api/v1/admin/users", token=admin_key).status_code == 200
    api.login(recruiter)
    refused = api.post(
        "/api/v1/api-keys", json={"name": "x", "scopes": ["admin"]}
    ).get_json()
    assert refused["error"]["code"] == "VALIDATION_ERROR"


def test_a_revoked_key_stops_at_once_and_its_use_is_audited(signed_in, api):
    created = create_key(signed_in, ["read"])
    revoked = signed_in.delete(f"/api/v1/api-keys/{created['id']}")
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    response = api.get("/api/v1/products", token=created["key"])
    assert_error(response, 401, "AUTH_ERROR")
    assert "api_key.revoked_used" in audit_actions()


def test_an_expired_or_unknown_key_is_refused(signed_in, api):
    created = create_key(signed_in, ["read"])
    row = db.session.get(ApiKey, created["id"])
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert_error(api.get("/api/v1/products", token=created["key"]), 401, "AUTH_ERROR")
    assert_error(api.get("/api/v1/products", token="vk_nope"), 401, "AUTH_ERROR")


def test_expiry_must_be_in_the_future(signed_in):
    past = (utcnow() - timedelta(days=1)).isoformat()
    response = signed_in.post(
        "/api/v1/api-keys", json={"name": "x", "scopes": ["read"], "expires_at": past}
    )
    assert_error(response, 422, "VALIDATION_ERROR")


def test_keys_cannot_manage_keys_and_owners_see_only_their_own(
    signed_in, api, other_recruiter
):
    created = create_key(signed_in, ["read", "write"])
    response = api.post(
        "/api/v1/api-keys", token=created["key"], json={"name": "y", "scopes": ["read"]}
    )
    assert_error(response, 403, "FORBIDDEN")
    api.login(other_recruiter)
    assert api.get("/api/v1/api-keys").get_json()["meta"]["total"] == 0
    assert_error(api.delete(f"/api/v1/api-keys/{created['id']}"), 404, "NOT_FOUND")


def test_a_deactivated_owner_s_key_stops_working(signed_in, api, recruiter):
    key = create_key(signed_in, ["read"])["key"]
    recruiter.is_active = False
    db.session.commit()
    assert_error(api.get("/api/v1/products", token=key), 401, "AUTH_ERROR")
