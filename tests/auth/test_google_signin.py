"""Google sign-in against a local fake OpenID provider: the flow, every way it must
fail, and accounts matched by Google's subject id (never by email alone)."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.extensions import db
from app.models import AuditEvent, User
from tests import factories
from tests.factories import page_login
from tests.fakes.oidc_provider import FakeOIDCProvider

HTML = {"Accept": "text/html"}


@pytest.fixture
def google(app, monkeypatch):
    """The fake provider, with Viva's Google settings pointing at it."""
    with FakeOIDCProvider() as provider:
        for name, value in provider.app_config().items():
            monkeypatch.setitem(app.config, name, value)
        yield provider


def go_to_google(client, start: str = "/auth/google") -> str:
    """Start at Viva; return where it sends the browser (the provider's authorize)."""
    response = client.get(start, headers=HTML)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def come_back(client, authorize_url: str):
    """Let the provider answer (another host: requests), then call Viva's callback."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}", headers=HTML)


def sign_in(client, start: str = "/auth/google"):
    return come_back(client, go_to_google(client, start))


def signed_in_email(client) -> str | None:
    response = client.get("/api/v1/auth/me")
    if client.get_cookie("access_token_cookie") is None or response.status_code != 200:
        return None
    return response.get_json()["email"]


def failures(reason_prefix: str = "") -> list[AuditEvent]:
    events = AuditEvent.query.filter_by(action="auth.login_failed").all()
    return [
        event
        for event in events
        if event.details.get("method") == "google"
        and event.details.get("reason", "").startswith(reason_prefix)
    ]


def test_the_button_is_hidden_and_the_flow_closed_without_configuration(client):
    for path in ("/login", "/register"):
        assert "Continue with Google" not in client.get(path).get_data(as_text=True)
        assert "Sign up with Google" not in client.get(path).get_data(as_text=True)
    assert client.get("/auth/google", headers=HTML).status_code == 404
    assert client.get("/auth/google/callback?code=x&state=y").status_code == 404


def test_the_button_shows_when_configured(client, google):
    assert "Continue with Google" in client.get("/login").get_data(as_text=True)
    assert "Sign up with Google" in client.get("/register").get_data(as_text=True)


def test_the_authorization_request_carries_state_nonce_and_pkce(client, google):
    authorize = urlsplit(go_to_google(client))
    query = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    assert f"{authorize.scheme}://{authorize.netloc}" == google.url
    assert query["client_id"] == google.client_id
    assert query["response_type"] == "code"
    assert set(query["scope"].split()) == {"openid", "email", "profile"}
    assert query["redirect_uri"] == "http://127.0.0.1:5000/auth/google/callback"
    assert len(query["state"]) >= 20 and len(query["nonce"]) >= 20
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    # The secret state lives in the HttpOnly session cookie, not in a readable one.
    assert client.get_cookie("session").http_only


def test_a_new_google_user_gets_a_verified_recruiter_account(client, google):
    google.sign_in_as(sub="g-100", email="New.Person@Example.com", name="New Person")
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal"
    assert signed_in_email(client) == "new.person@example.com"
    user = User.query.filter_by(email="new.person@example.com").one()
    assert user.google_subject == "g-100"
    assert user.password_hash is None
    assert user.email_verified_at is not None
    assert user.role == "recruiter" and user.full_name == "New Person"
    assert google.token_requests[0]["code_verifier"]
    registered = AuditEvent.query.filter_by(action="user.registered").one()
    assert registered.details == {"method": "google"}
    login = AuditEvent.query.filter_by(action="auth.login", actor_id=user.id).one()
    assert login.details == {"method": "google"}


def test_accounts_are_matched_by_subject_even_when_the_email_changed(client, google):
    user = factories.make_user(email="old@example.com", google_subject="g-7")
    google.sign_in_as(sub="g-7", email="renamed@example.com")
    assert sign_in(client).headers["Location"] == "/portal"
    assert signed_in_email(client) == "old@example.com"
    assert User.query.count() == 1
    assert db.session.get(User, user.id).last_login_at is not None


def test_next_is_followed_after_google_sign_in(client, google):
    factories.make_user(google_subject=google.identity.sub)
    response = sign_in(client, "/auth/google?next=/profile")
    assert response.headers["Location"] == "/profile"


@pytest.mark.parametrize(
    "script, reason",
    [
        ({"aud": "someone-else.apps.example.com"}, "invalid_claim:aud"),
        ({"iss": "https://accounts.evil.example"}, "invalid_claim:iss"),
        ({"expired": True}, "expired_id_token"),
        ({"other_key": True}, "invalid_id_token:bad_signature"),
        ({"nonce": "a-nonce-this-flow-never-sent"}, "invalid_claim:nonce"),
    ],
    ids=["wrong-audience", "wrong-issuer", "expired", "bad-signature", "wrong-nonce"],
)
def test_a_bad_id_token_signs_nobody_in(client, google, script, reason):
    google.next_token(**script)
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert signed_in_email(client) is None
    assert User.query.count() == 0
    [event] = failures()
    assert event.details["reason"].endswith(reason)
    page = client.get("/login").get_data(as_text=True)
    assert "could not be verified" in page


def test_a_replayed_nonce_is_refused(client, google):
    """An ID token minted for an earlier sign-in cannot finish a new one."""
    factories.make_user(google_subject=google.identity.sub)
    assert sign_in(client).headers["Location"] == "/portal"
    client.post(
        "/logout", data={"csrf_token": client.get_cookie("csrf_access_token").value}
    )
    client.delete_cookie("access_token_cookie")
    client.delete_cookie("refresh_token_cookie")
    google.next_token(replay_nonce=True)
    response = sign_in(client)
    assert response.headers["Location"] == "/login"
    assert signed_in_email(client) is None
    assert [e.details["reason"] for e in failures()] == [
        "invalid_id_token:invalid_claim:nonce"
    ]


def test_a_tampered_state_is_refused(client, google):
    authorize = go_to_google(client)
    answer = requests.get(authorize, allow_redirects=False, timeout=5)
    callback = urlsplit(answer.headers["Location"])
    query = parse_qs(callback.query)
    response = client.get(
        f"{callback.path}?code={query['code'][0]}&state=forged-state", headers=HTML
    )
    assert response.headers["Location"] == "/login"
    assert signed_in_email(client) is None
    assert [e.details["reason"] for e in failures()] == ["bad_state"]
    assert google.token_requests == []  # the code was never exchanged


def test_a_callback_from_another_browser_is_refused(client, app, google):
    """State lives in the session cookie of the browser that started the flow."""
    authorize = go_to_google(client)
    answer = requests.get(authorize, allow_redirects=False, timeout=5)
    callback = urlsplit(answer.headers["Location"])
    other_browser = app.test_client()
    response = other_browser.get(f"{callback.path}?{callback.query}", headers=HTML)
    assert response.headers["Location"] == "/login"
    assert [e.details["reason"] for e in failures()] == ["bad_state"]


def test_a_callback_works_only_once(client, google):
    factories.make_user(google_subject=google.identity.sub)
    authorize = go_to_google(client)
    answer = requests.get(authorize, allow_redirects=False, timeout=5)
    callback = urlsplit(answer.headers["Location"])
    url = f"{callback.path}?{callback.query}"
    assert client.get(url, headers=HTML).headers["Location"] == "/portal"
    again = client.get(url, headers=HTML)
    assert again.headers["Location"] == "/login"
    assert [e.details["reason"] for e in failures()] == ["bad_state"]


def test_cancelling_at_google_signs_nobody_in(client, google):
    google.deny()
    response = sign_in(client)
    assert response.headers["Location"] == "/login"
    assert [e.details["reason"] for e in failures()] == ["provider:access_denied"]


def test_an_email_collision_is_not_linked_automatically(client, google, recruiter):
    google.sign_in_as(sub="g-attacker", email=recruiter.email, name="Not Rita")
    response = sign_in(client)
    assert response.headers["Location"] == "/login"
    assert signed_in_email(client) is None
    db.session.refresh(recruiter)
    assert recruiter.google_subject is None
    assert User.query.count() == 1
    [event] = failures("email_in_use")
    assert event.details["email"] == recruiter.email
    page = client.get("/login").get_data(as_text=True)
    assert "connect Google from your profile" in page


def test_the_owner_links_google_from_the_profile_then_signs_in_with_it(
    client, app, google, recruiter
):
    google.sign_in_as(sub="g-rita", email="rita.personal@gmail.example")
    page_login(client, recruiter)
    assert "Connect Google" in client.get("/profile").get_data(as_text=True)
    response = sign_in(client, "/profile/google/link")
    assert response.headers["Location"] == "/profile"
    db.session.refresh(recruiter)
    assert recruiter.google_subject == "g-rita"
    assert AuditEvent.query.filter_by(action="user.google_linked").count() == 1

    fresh_browser = app.test_client()
    assert sign_in(fresh_browser).headers["Location"] == "/portal"
    assert signed_in_email(fresh_browser) == recruiter.email


def test_linking_needs_the_same_login_at_the_end(client, app, google, recruiter):
    page_login(client, recruiter)
    authorize = go_to_google(client, "/profile/google/link")
    client.post(
        "/logout", data={"csrf_token": client.get_cookie("csrf_access_token").value}
    )
    response = come_back(client, authorize)
    assert response.headers["Location"] == "/login"
    db.session.refresh(recruiter)
    assert recruiter.google_subject is None


def test_a_google_account_of_another_user_cannot_be_linked(client, google, recruiter):
    factories.make_user(google_subject=google.identity.sub)
    page_login(client, recruiter)
    response = sign_in(client, "/profile/google/link")
    assert response.headers["Location"] == "/profile"
    db.session.refresh(recruiter)
    assert recruiter.google_subject is None
    page = client.get("/profile").get_data(as_text=True)
    assert "already connected to another account" in page


def test_an_unverified_google_email_cannot_open_an_account(client, google):
    google.sign_in_as(sub="g-x", email="unverified@example.com", email_verified=False)
    assert sign_in(client).headers["Location"] == "/login"
    assert User.query.count() == 0
    assert [e.details["reason"] for e in failures()] == ["email_unverified"]


def test_a_deactivated_google_user_is_refused(client, google):
    factories.make_user(google_subject=google.identity.sub, is_active=False)
    assert sign_in(client).headers["Location"] == "/login"
    assert [e.details["reason"] for e in failures()] == ["deactivated"]


def test_a_google_only_account_sets_a_password_later(client, app, google):
    google.sign_in_as(sub="g-only", email="gonly@example.com", name="G Only")
    sign_in(client)
    profile = client.get("/profile").get_data(as_text=True)
    assert "Set a password" in profile and "Current password" not in profile
    csrf = client.get_cookie("csrf_access_token").value
    response = client.post(
        "/profile/password", data={"csrf_token": csrf, "new_password": "NewPassw0rd"}
    )
    assert response.status_code == 302
    assert AuditEvent.query.filter_by(action="user.password_set").count() == 1
    other = app.test_client()
    login = other.post(
        "/login", data={"email": "gonly@example.com", "password": "NewPassw0rd"}
    )
    assert login.status_code == 302


def test_google_can_be_disconnected_only_with_a_password(client, google):
    user = factories.make_user(password=None, google_subject=google.identity.sub)
    sign_in(client)
    csrf = client.get_cookie("csrf_access_token").value
    client.post("/profile/google/unlink", data={"csrf_token": csrf})
    db.session.refresh(user)
    assert user.google_subject == google.identity.sub
    assert "Set a password first" in client.get("/profile").get_data(as_text=True)


def test_an_unreachable_provider_is_reported_not_a_crash(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "GOOGLE_CLIENT_ID", "id")
    monkeypatch.setitem(app.config, "GOOGLE_CLIENT_SECRET", "secret")
    monkeypatch.setitem(
        app.config, "GOOGLE_DISCOVERY_URL", "http://127.0.0.1:9/.well-known/x"
    )
    response = client.get("/auth/google", headers=HTML)
    assert response.headers["Location"] == "/login"
    assert "unavailable" in client.get("/login").get_data(as_text=True)


def test_no_google_secret_reaches_the_logs_or_the_audit_log(client, google, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(client)
    grant = google.token_requests[0]
    secrets = [grant["code"], grant["code_verifier"], google.client_secret]
    rows = " ".join(str(event.details) for event in AuditEvent.query)
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in rows
