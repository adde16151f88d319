"""The accounts API: register, login, refresh, logout, me, profile and password."""

import pytest

from app.extensions import db
from app.models import AuditEvent, User
from tests import factories
from tests.support.asserts import assert_error

REGISTER = {
    "email": "New.Person@Example.com",
    "username": "new_person",
    "password": "Secr3tPass",
    "full_name": "New Person",
}


def test_register_creates_a_recruiter(client):
    response = client.post("/api/v1/auth/register", json=REGISTER)
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "new.person@example.com"
    assert body["role"] == "recruiter"
    assert body["username"] == "new_person"
    assert "password" not in body and "password_hash" not in body
    user = db.session.get(User, body["id"])
    assert user.password_hash.startswith("$argon2id$")
    assert "Secr3tPass" not in user.password_hash


def test_register_ignores_a_requested_role(client):
    response = client.post("/api/v1/auth/register", json={**REGISTER, "role": "admin"})
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert "role" in error["details"]
    assert User.query.count() == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("email", "not-an-email"),
        ("email", ""),
        ("username", "ab"),
        ("username", "has space"),
        ("username", "x" * 51),
        ("password", "short1A"),
        ("password", "alllowercase1"),
        ("password", "NoDigitsHere"),
        ("full_name", "A"),
        ("full_name", "   "),
    ],
)
def test_register_rejects_weak_input_per_field(client, field, value):
    response = client.post("/api/v1/auth/register", json={**REGISTER, field: value})
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["details"]) == [field]
    assert User.query.count() == 0


def test_register_lists_every_missing_field(client):
    error = assert_error(
        client.post("/api/v1/auth/register", json={}), 422, "VALIDATION_ERROR"
    )
    assert set(error["details"]) == {"email", "username", "password", "full_name"}


def test_weak_password_lists_every_problem(client):
    response = client.post(
        "/api/v1/auth/register", json={**REGISTER, "password": "abc"}
    )
    messages = assert_error(response, 422, "VALIDATION_ERROR")["details"]["password"]
    assert len(messages) == 3


@pytest.mark.parametrize(
    "change, field",
    [({"email": "RITA@example.com"}, "email"), ({"username": "RITA"}, "username")],
)
def test_register_duplicate_names_the_field(client, recruiter, change, field):
    response = client.post("/api/v1/auth/register", json={**REGISTER, **change})
    error = assert_error(response, 409, "CONFLICT")
    assert list(error["details"]) == [field]
    assert field in error["message"]
    assert User.query.count() == 1


def test_malformed_json_gets_the_envelope(client):
    response = client.post(
        "/api/v1/auth/register", data="{not json", content_type="application/json"
    )
    assert_error(response, 400, "INVALID_REQUEST")


def test_json_that_is_not_an_object_is_rejected(client):
    assert_error(
        client.post("/api/v1/auth/register", json=["a"]), 400, "INVALID_REQUEST"
    )


def test_login_returns_tokens_and_the_user(client, recruiter):
    response = client.post(
        "/api/v1/auth/login",
        json={"email": "Rita@Example.com", "password": "Passw0rdOk"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["access_token"] and body["refresh_token"]
    assert body["expires_in"] == 15 * 60
    assert body["user"]["email"] == "rita@example.com"
    assert body["user"]["last_login_at"] is not None
    assert (
        AuditEvent.query.filter_by(action="auth.login", actor_id=recruiter.id).count()
        == 1
    )


def test_wrong_email_and_wrong_password_look_the_same(client, recruiter):
    wrong_password = client.post(
        "/api/v1/auth/login", json={"email": recruiter.email, "password": "Wrong1234"}
    )
    wrong_email = client.post(
        "/api/v1/auth/login",
        json={"email": "nobody@example.com", "password": "Passw0rdOk"},
    )
    first = assert_error(wrong_password, 401, "AUTH_ERROR")
    second = assert_error(wrong_email, 401, "AUTH_ERROR")
    assert first == second
    assert AuditEvent.query.filter_by(action="auth.login_failed").count() == 2


def test_failed_login_audit_never_holds_the_password(client, recruiter):
    client.post(
        "/api/v1/auth/login", json={"email": recruiter.email, "password": "Guess1234"}
    )
    event = AuditEvent.query.filter_by(action="auth.login_failed").one()
    assert "Guess1234" not in str(event.details)


def test_deactivated_user_cannot_log_in(client, recruiter):
    recruiter.is_active = False
    db.session.commit()
    response = client.post(
        "/api/v1/auth/login", json={"email": recruiter.email, "password": "Passw0rdOk"}
    )
    assert "deactivated" in assert_error(response, 401, "AUTH_ERROR")["message"]


def test_google_only_account_cannot_log_in_with_a_password(client):
    user = factories.make_user(password=None, google_subject="g-123")
    response = client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "Anything1"}
    )
    assert_error(response, 401, "AUTH_ERROR")


def test_me_requires_a_token(client):
    assert_error(client.get("/api/v1/auth/me"), 401, "AUTH_ERROR")


def test_me_returns_the_signed_in_user(api, recruiter):
    api.login(recruiter)
    response = api.get("/api/v1/auth/me")
    assert response.status_code == 200
    assert response.get_json()["username"] == "rita"


def test_deactivation_stops_existing_tokens(api, recruiter):
    api.login(recruiter)
    recruiter.is_active = False
    db.session.commit()
    assert_error(api.get("/api/v1/auth/me"), 401, "AUTH_ERROR")


def test_refresh_rotates_the_refresh_token(api, recruiter):
    tokens = api.login(recruiter)
    response = api.post("/api/v1/auth/refresh", token=tokens["refresh_token"])
    assert response.status_code == 200
    fresh = response.get_json()
    assert api.get("/api/v1/auth/me", token=fresh["access_token"]).status_code == 200
    reused = api.post("/api/v1/auth/refresh", token=tokens["refresh_token"])
    assert_error(reused, 401, "AUTH_ERROR")
    again = api.post("/api/v1/auth/refresh", token=fresh["refresh_token"])
    assert again.status_code == 200


def test_refresh_refuses_an_access_token(api, recruiter):
    tokens = api.login(recruiter)
    assert_error(
        api.post("/api/v1/auth/refresh", token=tokens["access_token"]),
        401,
        "AUTH_ERROR",
    )


def test_access_endpoints_refuse_a_refresh_token(api, recruiter):
    tokens = api.login(recruiter)
    assert_error(
        api.get("/api/v1/auth/me", token=tokens["refresh_token"]), 401, "AUTH_ERROR"
    )


def test_logout_revokes_the_whole_login_session(api, recruiter):
    tokens = api.login(recruiter)
    other_device = factories.ApiClient(api.client)
    other_device.login(recruiter)
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert_error(api.get("/api/v1/auth/me"), 401, "AUTH_ERROR")
    assert_error(
        api.post("/api/v1/auth/refresh", token=tokens["refresh_token"]),
        401,
        "AUTH_ERROR",
    )
    # Another login session of the same user is unaffected.
    assert other_device.get("/api/v1/auth/me").status_code == 200


def test_profile_read_and_update(api, recruiter):
    api.login(recruiter)
    assert api.get("/api/v1/users/me").get_json()["full_name"] == "Rita Recruiter"
    response = api.patch(
        "/api/v1/users/me", json={"full_name": "  Rita R. Smith ", "username": "rita-s"}
    )
    assert response.status_code == 200
    assert response.get_json()["full_name"] == "Rita R. Smith"
    db.session.expire_all()
    assert db.session.get(User, recruiter.id).username == "rita-s"


def test_profile_update_conflicting_username(api, recruiter, other_recruiter):
    api.login(recruiter)
    error = assert_error(
        api.patch("/api/v1/users/me", json={"username": "Oscar"}), 409, "CONFLICT"
    )
    assert list(error["details"]) == ["username"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"full_name": "R"}, "full_name"),
        ({"username": "a b"}, "username"),
        ({"role": "admin"}, "role"),
        ({"email": "x@example.com"}, "email"),
    ],
)
def test_profile_update_validation(api, recruiter, payload, field):
    api.login(recruiter)
    error = assert_error(
        api.patch("/api/v1/users/me", json=payload), 422, "VALIDATION_ERROR"
    )
    assert field in error["details"]
    db.session.expire_all()
    assert db.session.get(User, recruiter.id).role == "recruiter"


def test_password_change_ends_other_sessions(api, recruiter):
    api.login(recruiter)
    response = api.post(
        "/api/v1/users/me/password",
        json={"current_password": "Passw0rdOk", "new_password": "N3wPassword"},
    )
    assert response.status_code == 200
    new_token = response.get_json()["access_token"]
    assert_error(api.get("/api/v1/auth/me"), 401, "AUTH_ERROR")
    assert api.get("/api/v1/auth/me", token=new_token).status_code == 200
    api.login(recruiter, password="N3wPassword")
    login_old = api.client.post(
        "/api/v1/auth/login", json={"email": recruiter.email, "password": "Passw0rdOk"}
    )
    assert_error(login_old, 401, "AUTH_ERROR")


@pytest.mark.parametrize(
    "payload, field",
    [
        (
            {"current_password": "Wrong1234", "new_password": "N3wPassword"},
            "current_password",
        ),
        ({"current_password": "Passw0rdOk", "new_password": "weak"}, "new_password"),
        (
            {"current_password": "Passw0rdOk", "new_password": "Passw0rdOk"},
            "new_password",
        ),
        ({"new_password": "N3wPassword"}, "current_password"),
    ],
)
def test_password_change_validation(api, recruiter, payload, field):
    api.login(recruiter)
    error = assert_error(
        api.post("/api/v1/users/me/password", json=payload), 422, "VALIDATION_ERROR"
    )
    assert field in error["details"]
    # Nothing changed: the old password and token still work.
    assert api.get("/api/v1/auth/me").status_code == 200


def test_health_and_info(client):
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.get_json() == {"status": "ok", "database": "ok"}
    info = client.get("/api/v1/info").get_json()
    assert info["name"] == "Viva"
    assert info["api_version"] == "v1"
    from app import __version__

    assert info["version"] == __version__
