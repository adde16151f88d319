"""Forgot / reset password: the same answer whether or not the email exists; a
single-use link that expires (1 hour by default) and is stored only as a hash; a reset
ends every session of the user. Through the console and SMTP backends."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from app.extensions import db
from app.link_tokens import hash_token
from app.models import AccountToken, AuditEvent, utcnow
from tests import factories
from tests.factories import page_login
from tests.support.asserts import assert_error
from tests.support.mailbox import link_in

HTML = {"Accept": "text/html"}
NEW_PASSWORD = "BrandNew2026"


def same_page(html: str, email: str) -> str:
    """A page with its email and its per-request CSP nonce blanked out."""
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html).replace(email, "EMAIL")


def ask_for_reset(client, email: str):
    return client.post("/forgot-password", data={"email": email}, headers=HTML)


def reset_path(mailbox, email: str) -> str:
    mail = mailbox.last_to(email)
    assert mail.subject == "Reset your Viva password"
    return urlsplit(link_in(mail, "/reset-password/")).path


def test_the_answer_is_the_same_whether_or_not_the_email_exists(
    client, mailbox, recruiter
):
    known = ask_for_reset(client, recruiter.email)
    unknown = ask_for_reset(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    known_page = same_page(known.get_data(as_text=True), recruiter.email)
    unknown_page = same_page(unknown.get_data(as_text=True), "nobody@example.com")
    assert known_page == unknown_page
    assert "If an account exists for EMAIL" in known_page
    assert [mail.to for mail in mailbox.messages()] == [recruiter.email]


def test_the_api_answers_the_same_whether_or_not_the_email_exists(
    client, mailbox, recruiter
):
    url = "/api/v1/auth/password/forgot"
    known = client.post(url, json={"email": recruiter.email})
    unknown = client.post(url, json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert [mail.to for mail in mailbox.messages()] == [recruiter.email]


def test_resetting_from_the_emailed_link(client, app, api, mailbox, recruiter):
    old_tokens = api.login(recruiter)
    other_browser = app.test_client()
    page_login(other_browser, recruiter)
    ask_for_reset(client, recruiter.email)
    path = reset_path(mailbox, recruiter.email)
    token = path.rsplit("/", 1)[1]
    row = AccountToken.query.filter_by(user_id=recruiter.id).one()
    assert row.token_hash == hash_token(token)
    assert row.expires_at - row.created_at == timedelta(hours=1)

    form = client.get(path, headers=HTML)
    assert form.status_code == 200
    assert "Choose a new password" in form.get_data(as_text=True)
    assert form.headers["Referrer-Policy"] == "no-referrer"
    done = client.post(path, data={"new_password": NEW_PASSWORD}, headers=HTML)
    assert done.status_code == 302
    assert done.headers["Location"] == "/login"

    # Every session ends: API tokens (access and refresh) and other browsers.
    assert_error(api.get("/api/v1/auth/me"), 401, "AUTH_ERROR")
    refresh = api.post("/api/v1/auth/refresh", token=old_tokens["refresh_token"])
    assert_error(refresh, 401, "AUTH_ERROR")
    portal = other_browser.get("/portal", headers=HTML)
    assert portal.status_code == 302 and "/login" in portal.headers["Location"]

    # The old password fails, the new one works; the link works once.
    wrong = client.post(
        "/api/v1/auth/login",
        json={"email": recruiter.email, "password": factories.DEFAULT_PASSWORD},
    )
    assert_error(wrong, 401, "AUTH_ERROR")
    api.login(recruiter, NEW_PASSWORD)
    assert client.get(path, headers=HTML).status_code == 410
    assert AuditEvent.query.filter_by(action="user.password_reset").count() == 1


def test_resetting_through_the_api(client, api, mailbox, recruiter):
    client.post("/api/v1/auth/password/forgot", json={"email": recruiter.email})
    token = reset_path(mailbox, recruiter.email).rsplit("/", 1)[1]
    body = {"token": token, "new_password": NEW_PASSWORD}
    response = client.post("/api/v1/auth/password/reset", json=body)
    assert response.status_code == 200
    api.login(recruiter, NEW_PASSWORD)
    again = client.post("/api/v1/auth/password/reset", json=body)
    assert_error(again, 410, "GONE")


def test_an_expired_link_is_refused(client, mailbox, recruiter):
    ask_for_reset(client, recruiter.email)
    path = reset_path(mailbox, recruiter.email)
    row = AccountToken.query.filter_by(user_id=recruiter.id).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(path, headers=HTML)
    assert page.status_code == 410
    assert "Send me a new link" in page.get_data(as_text=True)
    posted = client.post(path, data={"new_password": NEW_PASSWORD}, headers=HTML)
    assert posted.status_code == 410


def test_a_weak_password_keeps_the_link_usable(client, mailbox, recruiter):
    ask_for_reset(client, recruiter.email)
    path = reset_path(mailbox, recruiter.email)
    weak = client.post(path, data={"new_password": "weak"}, headers=HTML)
    assert weak.status_code == 422
    assert "Use at least 8 characters." in weak.get_data(as_text=True)
    assert client.post(path, data={"new_password": NEW_PASSWORD}).status_code == 302


def test_a_new_request_replaces_the_earlier_link(client, mailbox, recruiter):
    ask_for_reset(client, recruiter.email)
    first = reset_path(mailbox, recruiter.email)
    ask_for_reset(client, recruiter.email)
    second = reset_path(mailbox, recruiter.email)
    assert first != second
    assert client.get(first, headers=HTML).status_code == 410
    assert client.get(second, headers=HTML).status_code == 200


def test_a_deactivated_account_gets_no_link(client, mailbox):
    user = factories.make_user(is_active=False)
    assert ask_for_reset(client, user.email).status_code == 200
    assert mailbox.messages() == []


def test_a_reset_also_confirms_the_email_address(client, mailbox):
    user = factories.make_user(verified=False)
    ask_for_reset(client, user.email)
    client.post(reset_path(mailbox, user.email), data={"new_password": NEW_PASSWORD})
    db.session.refresh(user)
    assert user.email_verified_at is not None
