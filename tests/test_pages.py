"""Portal pages render, forms show errors and keep input, cookies carry the login."""

from datetime import timedelta

import pytest
from flask_jwt_extended import create_access_token

from app.auth.tokens import issue_tokens
from app.extensions import db
from app.integrations.api_keys import create_api_key
from app.models import User
from tests import factories
from tests.factories import page_login

HTML = {"Accept": "text/html"}


def csrf(client) -> str:
    return client.get_cookie("csrf_access_token").value


@pytest.mark.parametrize(
    "path, text",
    [
        ("/", "Structured AI interviews"),
        ("/login", "Log in to Viva"),
        ("/register", "Create your recruiter account"),
        ("/docs/", "swagger"),
    ],
)
def test_public_pages_render(client, path, text):
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    assert text in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/portal", "/profile"])
def test_protected_pages_redirect_to_login(client, path):
    response = client.get(path, headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next={path}"


def test_register_form_shows_errors_and_keeps_input(client):
    response = client.post(
        "/register",
        data={
            "full_name": "Jane Doe",
            "email": "jane@",
            "username": "j",
            "password": "weak",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a valid email address." in html
    assert "Use 3-50 letters" in html
    assert "Include at least one upper-case letter." in html
    assert 'value="Jane Doe"' in html and 'value="jane@"' in html
    assert 'value="weak"' not in html
    assert User.query.count() == 0


def test_register_then_portal_shows_empty_state(client):
    response = client.post(
        "/register",
        data={
            "full_name": "Jane Doe",
            "email": "jane@example.com",
            "username": "jane",
            "password": "Passw0rdOk",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal"
    access = client.get_cookie("access_token_cookie")
    assert access.http_only
    assert not client.get_cookie("csrf_access_token").http_only
    portal = client.get("/portal", headers=HTML).get_data(as_text=True)
    assert "Nothing needs you right now" in portal
    assert "Jane Doe" in portal


def test_register_duplicate_email_is_shown_on_the_form(client, recruiter):
    response = client.post(
        "/register",
        data={
            "full_name": "Jane Doe",
            "email": recruiter.email,
            "username": "jane",
            "password": "Passw0rdOk",
        },
    )
    assert response.status_code == 422
    assert "An account with this email already exists." in response.get_data(
        as_text=True
    )


def test_wrong_password_shows_one_message_and_keeps_email(client, recruiter):
    response = client.post(
        "/login", data={"email": recruiter.email, "password": "Nope12345"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Invalid email or password." in html
    assert f'value="{recruiter.email}"' in html
    assert client.get_cookie("access_token_cookie") is None


def test_login_follows_a_safe_next_only(client, recruiter):
    response = client.post(
        "/login",
        data={"email": recruiter.email, "password": "Passw0rdOk", "next": "/profile"},
    )
    assert response.headers["Location"] == "/profile"
    response = client.post(
        "/login",
        data={
            "email": recruiter.email,
            "password": "Passw0rdOk",
            "next": "https://evil.example",
        },
    )
    assert response.headers["Location"] == "/portal"


def test_candidates_cannot_open_the_portal(client):
    candidate = factories.make_user(role="candidate")
    page_login(client, candidate)
    assert client.get("/portal", headers=HTML).status_code == 403


def test_profile_update_needs_the_csrf_token(client, recruiter):
    page_login(client, recruiter)
    response = client.post(
        "/profile", data={"full_name": "Hacked Name", "username": "rita"}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, recruiter.id).full_name == "Rita Recruiter"


def test_profile_update_with_csrf_saves(client, recruiter):
    page_login(client, recruiter)
    response = client.post(
        "/profile",
        data={
            "full_name": "Rita Updated",
            "username": "rita2",
            "csrf_token": csrf(client),
        },
    )
    assert response.status_code == 302
    html = client.get("/profile", headers=HTML).get_data(as_text=True)
    assert "Your profile has been saved." in html
    assert 'value="Rita Updated"' in html


def test_profile_update_errors_keep_input(client, recruiter, other_recruiter):
    page_login(client, recruiter)
    response = client.post(
        "/profile",
        data={
            "full_name": "Rita Typed",
            "username": "oscar",
            "csrf_token": csrf(client),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This username is taken." in html
    assert 'value="Rita Typed"' in html


def test_password_change_page_keeps_this_session(client, recruiter):
    page_login(client, recruiter)
    old_access = client.get_cookie("access_token_cookie").value
    response = client.post(
        "/profile/password",
        data={
            "current_password": "Passw0rdOk",
            "new_password": "Brand9New",
            "csrf_token": csrf(client),
        },
    )
    assert response.status_code == 302
    assert client.get("/profile", headers=HTML).status_code == 200
    other = factories.ApiClient(client.application.test_client())
    assert other.get("/api/v1/auth/me", token=old_access).status_code == 401


def test_password_change_page_errors(client, recruiter):
    page_login(client, recruiter)
    response = client.post(
        "/profile/password",
        data={
            "current_password": "Wrong1234",
            "new_password": "Brand9New",
            "csrf_token": csrf(client),
        },
    )
    assert response.status_code == 422
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_logout_revokes_and_clears_cookies(client, recruiter):
    page_login(client, recruiter)
    access = client.get_cookie("access_token_cookie").value
    response = client.post("/logout", data={"csrf_token": csrf(client)})
    assert response.status_code == 302
    assert client.get_cookie("access_token_cookie") is None
    assert client.get("/portal", headers=HTML).status_code == 302
    api = factories.ApiClient(client.application.test_client())
    assert api.get("/api/v1/auth/me", token=access).status_code == 401


def test_expired_access_cookie_is_refreshed_implicitly(client, recruiter):
    tokens = issue_tokens(recruiter)
    refresh_claims = client.application.extensions[
        "flask-jwt-extended"
    ]._decode_jwt_from_config(tokens["refresh_token"])
    expired = create_access_token(
        identity=str(recruiter.id),
        additional_claims={
            "sid": tokens["sid"],
            "ver": 1,
            "csrf": refresh_claims["csrf"],
        },
        expires_delta=timedelta(seconds=-30),
    )
    client.set_cookie("access_token_cookie", expired)
    client.set_cookie("refresh_token_cookie", tokens["refresh_token"])
    client.set_cookie("csrf_access_token", refresh_claims["csrf"])
    response = client.get("/portal", headers=HTML)
    assert response.status_code == 200
    renewed = client.get_cookie("access_token_cookie").value
    assert renewed != expired
    # A form rendered before the refresh still carries a valid CSRF value.
    response = client.post(
        "/profile",
        data={
            "full_name": "Still Works",
            "username": "rita",
            "csrf_token": refresh_claims["csrf"],
        },
    )
    assert response.status_code == 302


def test_docs_can_be_limited_to_admins(app, client, recruiter, admin, monkeypatch):
    monkeypatch.setitem(app.config, "DOCS_ACCESS", "admin")
    assert client.get("/docs/", headers=HTML).status_code == 302
    api = factories.ApiClient(client)
    assert api.get("/apispec.json").status_code == 401
    api.login(recruiter)
    assert api.get("/apispec.json").status_code == 403
    api.login(admin)
    spec = api.get("/apispec.json")
    assert spec.status_code == 200
    assert "/api/v1/auth/login" in spec.get_json()["paths"]
    page_login(client, admin)
    assert client.get("/docs/", headers=HTML).status_code == 200


def test_admin_only_docs_accept_an_admins_api_key(
    app, client, recruiter, admin, monkeypatch
):
    monkeypatch.setitem(app.config, "DOCS_ACCESS", "admin")
    _key, admin_key = create_api_key(admin, name="ATS", scopes=["read"])
    _key, recruiter_key = create_api_key(recruiter, name="ATS", scopes=["read"])
    db.session.commit()

    def spec(key):
        return client.get("/apispec.json", headers={"Authorization": f"Bearer {key}"})

    assert spec(admin_key).status_code == 200
    assert "/api/v1/auth/login" in spec(admin_key).get_json()["paths"]
    assert spec(recruiter_key).status_code == 403  # a key of a recruiter: not an admin
    refused = spec("vk_" + "x" * 43)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "AUTH_ERROR"


def test_the_docs_show_each_error_status_with_its_own_code(client):
    """A 401 example says AUTH_ERROR and a 403 FORBIDDEN, not VALIDATION_ERROR."""
    paths = client.get("/apispec.json").get_json()["paths"]
    users = paths["/api/v1/admin/users"]["get"]["responses"]
    example = {
        status: users[status]["content"]["application/json"]["example"]["error"]
        for status in ("401", "403")
    }
    assert example["401"]["code"] == "AUTH_ERROR"
    assert example["403"]["code"] == "FORBIDDEN"


def test_the_docs_page_leads_back_to_the_app(client):
    html = client.get("/docs/", headers=HTML).get_data(as_text=True)
    assert 'href="/portal"' in html and "Back to Viva" in html
