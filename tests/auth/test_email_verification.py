"""Email verification: a single-use, expiring link emailed on registration (console and
SMTP backends), resend with a cooldown, and no invitations until it is opened."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.link_tokens import hash_token
from app.models import AccountToken, AuditEvent, Invitation, User, utcnow
from tests import factories
from tests.factories import page_login
from tests.support.asserts import assert_error
from tests.support.mailbox import link_in

HTML = {"Accept": "text/html"}
REGISTRATION = {
    "full_name": "Vera Verify",
    "email": "vera@example.com",
    "username": "vera",
    "password": "Passw0rdOk",
}


def register_on_the_page(client) -> User:
    response = client.post("/register", data=REGISTRATION)
    assert response.status_code == 302
    return User.query.filter_by(email=REGISTRATION["email"]).one()


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_registering_emails_a_single_use_link(client, mailbox):
    user = register_on_the_page(client)
    assert user.email_verified_at is None
    mail = mailbox.last_to("vera@example.com")
    assert mail.subject == "Confirm your email address for Viva"
    link = link_in(mail, "/verify-email/")
    assert link.startswith("http://127.0.0.1:5000/verify-email/")
    if mailbox.kind == "smtp":
        assert link in mail.html
    token = link.rsplit("/", 1)[1]
    row = AccountToken.query.filter_by(user_id=user.id).one()
    assert row.purpose == "verify_email"
    assert row.token_hash == hash_token(token) != token
    assert row.expires_at - row.created_at == timedelta(hours=48)

    response = client.get(path_of(link), headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal"
    db.session.refresh(user)
    assert user.email_verified_at is not None
    assert AuditEvent.query.filter_by(action="user.email_verified").count() == 1

    again = client.get(path_of(link), headers=HTML)
    assert again.status_code == 410
    assert "This link no longer works" in again.get_data(as_text=True)
    assert again.headers["Referrer-Policy"] == "no-referrer"


def test_registering_through_the_api_emails_the_link_too(client, mailbox):
    response = client.post("/api/v1/auth/register", json=REGISTRATION)
    assert response.status_code == 201
    assert response.get_json()["email_verified"] is False
    link = link_in(mailbox.last_to("vera@example.com"), "/verify-email/")
    token = link.rsplit("/", 1)[1]
    verified = client.post("/api/v1/auth/verify-email", json={"token": token})
    assert verified.status_code == 200
    assert verified.get_json()["email_verified"] is True
    reused = client.post("/api/v1/auth/verify-email", json={"token": token})
    assert_error(reused, 410, "GONE")


def test_an_expired_link_does_not_verify(client, mailbox):
    user = register_on_the_page(client)
    link = link_in(mailbox.last_to(user.email), "/verify-email/")
    row = AccountToken.query.filter_by(user_id=user.id).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(path_of(link), headers=HTML).status_code == 410
    db.session.refresh(user)
    assert user.email_verified_at is None


def test_an_unknown_token_is_gone(client):
    response = client.post("/api/v1/auth/verify-email", json={"token": "nope" * 5})
    assert_error(response, 410, "GONE")


def test_resend_has_a_cooldown_and_replaces_the_old_link(
    client, app, mailbox, monkeypatch
):
    user = register_on_the_page(client)
    first = link_in(mailbox.last_to(user.email), "/verify-email/")
    csrf = client.get_cookie("csrf_access_token").value
    too_soon = client.post("/verify-email/resend", data={"csrf_token": csrf})
    assert too_soon.status_code == 302
    assert "moments ago" in client.get("/profile").get_data(as_text=True)
    assert len([m for m in mailbox.messages() if m.to == user.email]) == 1

    monkeypatch.setitem(app.config, "VERIFICATION_RESEND_COOLDOWN_SECONDS", 0)
    client.post("/verify-email/resend", data={"csrf_token": csrf})
    second = link_in(mailbox.last_to(user.email), "/verify-email/")
    assert second != first
    assert client.get(path_of(first), headers=HTML).status_code == 410
    assert client.get(path_of(second), headers=HTML).status_code == 302


def test_resend_through_the_api(api, app, monkeypatch, mailbox):
    user = factories.make_user(verified=False)
    api.login(user)
    monkeypatch.setitem(app.config, "VERIFICATION_RESEND_COOLDOWN_SECONDS", 0)
    response = api.post("/api/v1/auth/verify-email/resend")
    assert response.status_code == 202
    assert link_in(mailbox.last_to(user.email), "/verify-email/")
    monkeypatch.setitem(app.config, "VERIFICATION_RESEND_COOLDOWN_SECONDS", 60)
    too_soon = api.post("/api/v1/auth/verify-email/resend")
    assert_error(too_soon, 429, "RATE_LIMITED")
    assert 0 < int(too_soon.headers["Retry-After"]) <= 60


def test_a_verified_user_cannot_ask_again(api, recruiter):
    api.login(recruiter)
    assert_error(api.post("/api/v1/auth/verify-email/resend"), 409, "CONFLICT")


# What an unverified recruiter may and may not do ------------------------------------


@pytest.fixture
def unverified_setup():
    user = factories.make_user(verified=False)
    product = factories.make_product(user)
    interview = factories.make_interview(product, status="active")
    return user, interview


def test_an_unverified_recruiter_signs_in_and_prepares_interviews(
    api, unverified_setup
):
    user, _interview = unverified_setup
    api.login(user)
    product = api.post("/api/v1/products", json={"name": "Acme"})
    assert product.status_code == 201
    interview = api.post(
        f"/api/v1/products/{product.get_json()['id']}/interviews",
        json={"role_title": "Data Engineer"},
    )
    assert interview.status_code == 201


def test_an_unverified_recruiter_cannot_send_invitations_by_api(api, unverified_setup):
    user, interview = unverified_setup
    api.login(user)
    url = f"/api/v1/interviews/{interview.id}/invitations"
    refused = api.post(url, json={"email": "cand@example.com", "name": "Cand"})
    error = assert_error(refused, 403, "FORBIDDEN")
    assert "Confirm your email address" in error["message"]
    many = api.post(url, json={"invitations": [{"email": "c2@example.com"}]})
    assert_error(many, 403, "FORBIDDEN")
    assert Invitation.query.count() == 0

    invitation, _token = factories.make_invitation(interview)
    resend = api.post(f"/api/v1/invitations/{invitation.id}/resend")
    assert_error(resend, 403, "FORBIDDEN")

    user.email_verified_at = utcnow()
    db.session.commit()
    assert api.post(url, json={"email": "cand@example.com"}).status_code == 201


def test_an_unverified_recruiter_cannot_send_invitations_from_the_page(
    client, unverified_setup
):
    user, interview = unverified_setup
    csrf = page_login(client, user)
    url = f"/portal/interviews/{interview.id}/invitations/new"
    page = client.get(url).get_data(as_text=True)
    assert "Confirm your email address before you invite candidates." in page
    response = client.post(
        url, data={"csrf_token": csrf, "mode": "one", "email": "c@example.com"}
    )
    assert response.status_code == 403
    assert "Confirm your email address" in response.get_data(as_text=True)
    assert 'value="c@example.com"' in response.get_data(as_text=True)
    assert Invitation.query.count() == 0


def test_unverified_users_see_a_banner_with_a_resend_button(client, recruiter):
    user = factories.make_user(verified=False)
    page_login(client, user)
    portal = client.get("/portal").get_data(as_text=True)
    assert "Confirm your email address" in portal
    assert 'action="/verify-email/resend"' in portal
    client.post(
        "/logout", data={"csrf_token": client.get_cookie("csrf_access_token").value}
    )
    page_login(client, recruiter)
    assert 'action="/verify-email/resend"' not in client.get("/portal").get_data(
        as_text=True
    )
