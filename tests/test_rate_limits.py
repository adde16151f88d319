"""Rate limits: sign-in per account and per address (never a lock for good),
registration, password reset, verification resend, invitations, AI drafting and answers
per interview session. Each breach answers 429 with the envelope and Retry-After."""

import time

import pytest

from app.extensions import db, limiter, socketio
from app.live import conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.models import AuditEvent, Message
from tests import factories
from tests.support import services
from tests.support.asserts import assert_error

HTML = {"Accept": "text/html"}
LOGIN = "/api/v1/auth/login"
PASSWORD = factories.DEFAULT_PASSWORD


@pytest.fixture
def limits(app, monkeypatch):
    """Set RATELIMIT_* values for one test: limits(LOGIN_ACCOUNT="3 per hour")."""

    def configure(**values):
        for name, value in values.items():
            monkeypatch.setitem(app.config, f"RATELIMIT_{name}", value)

    return configure


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def login(client, email, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        LOGIN, json={"email": email, "password": password}, **from_address(address)
    )


def assert_rate_limited(response, longest: int) -> dict:
    error = assert_error(response, 429, "RATE_LIMITED")
    assert 0 < int(response.headers["Retry-After"]) <= longest
    return error


# Sign-in --------------------------------------------------------------------------


def test_failures_lock_the_account_even_for_the_right_password(
    client, limits, recruiter, other_recruiter
):
    limits(LOGIN_ACCOUNT="3 per 15 minutes")
    for _ in range(3):
        assert_error(login(client, recruiter.email, "Wrong1234"), 401, "AUTH_ERROR")
    locked = login(client, recruiter.email)
    error = assert_rate_limited(locked, 15 * 60)
    assert "reset your password" in error["message"]
    # The lock is the account's, from any address; other accounts are not affected.
    assert_rate_limited(login(client, recruiter.email, address="10.9.9.9"), 15 * 60)
    assert login(client, other_recruiter.email).status_code == 200
    reasons = [
        event.details["reason"]
        for event in AuditEvent.query.filter_by(action="auth.login_failed")
    ]
    assert reasons.count("invalid_credentials") == 3
    assert reasons.count("throttled") == 2


def test_successful_sign_ins_do_not_count(client, limits, recruiter):
    limits(LOGIN_ACCOUNT="2 per 15 minutes", LOGIN_ADDRESS="2 per 15 minutes")
    for _ in range(5):
        assert login(client, recruiter.email).status_code == 200


def test_failures_from_one_address_lock_that_address_only(client, limits):
    limits(LOGIN_ADDRESS="3 per 15 minutes")
    users = [factories.make_user() for _ in range(4)]
    for user in users[:3]:
        assert login(client, user.email, "Wrong1234").status_code == 401
    assert_rate_limited(login(client, users[3].email), 15 * 60)
    assert login(client, users[3].email, address="10.0.0.2").status_code == 200


def test_an_account_lock_lifts_by_itself(client, limits, recruiter):
    limits(LOGIN_ACCOUNT="2 per 2 seconds")
    for _ in range(2):
        login(client, recruiter.email, "Wrong1234")
    assert_rate_limited(login(client, recruiter.email), 2)
    time.sleep(2.2)
    assert login(client, recruiter.email).status_code == 200


def test_a_password_reset_lifts_the_lock_at_once(client, limits, capsys, recruiter):
    limits(LOGIN_ACCOUNT="2 per day")
    for _ in range(2):
        login(client, recruiter.email, "Wrong1234")
    assert_rate_limited(login(client, recruiter.email), 24 * 3600)
    client.post("/api/v1/auth/password/forgot", json={"email": recruiter.email})
    token = capsys.readouterr().out.split("/reset-password/")[1].split()[0]
    reset = client.post(
        "/api/v1/auth/password/reset",
        json={"token": token, "new_password": "Recovered2026"},
    )
    assert reset.status_code == 200
    assert login(client, recruiter.email, "Recovered2026").status_code == 200


def test_the_login_page_explains_the_lock(client, limits, recruiter):
    limits(LOGIN_ACCOUNT="1 per 15 minutes")
    client.post("/login", data={"email": recruiter.email, "password": "Wrong1234"})
    response = client.post(
        "/login", data={"email": recruiter.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 900
    page = response.get_data(as_text=True)
    assert "Too many failed sign-in attempts" in page
    assert client.get_cookie("access_token_cookie") is None


# Registration, reset, resend --------------------------------------------------------


def registration(n: int) -> dict:
    return {
        "email": f"new{n}@example.com",
        "username": f"new-{n}",
        "password": PASSWORD,
        "full_name": "New Person",
    }


def test_registration_is_limited_per_address_across_page_and_api(client, limits):
    limits(REGISTER="2 per hour")
    assert client.post("/api/v1/auth/register", json=registration(1)).status_code == 201
    assert client.post("/register", data=registration(2)).status_code == 302
    assert_rate_limited(
        client.post("/api/v1/auth/register", json=registration(3)), 3600
    )
    page = client.post("/register", data=registration(4), headers=HTML)
    assert page.status_code == 429 and "Retry-After" in page.headers
    assert "Too many requests" in page.get_data(as_text=True)
    other = client.post(
        "/api/v1/auth/register", json=registration(5), **from_address("10.0.0.7")
    )
    assert other.status_code == 201


def test_password_reset_requests_are_limited_per_address_and_per_email(
    client, limits, recruiter
):
    limits(PASSWORD_RESET="2 per hour")
    url = "/api/v1/auth/password/forgot"
    for address in ("10.0.1.1", "10.0.1.2"):
        body = {"email": recruiter.email}
        assert client.post(url, json=body, **from_address(address)).status_code == 202
    # A third address, the same email: the per-email limit answers.
    third = client.post(
        url, json={"email": recruiter.email}, **from_address("10.0.1.3")
    )
    assert_rate_limited(third, 3600)
    # The same address, other emails: the per-address limit answers.
    for n in range(2):
        body = {"email": f"x{n}@example.com"}
        client.post(url, json=body, **from_address("10.0.2.1"))
    last = client.post(url, json={"email": "y@example.com"}, **from_address("10.0.2.1"))
    assert_rate_limited(last, 3600)


def test_verification_resend_is_limited_per_user(api, app, limits, monkeypatch):
    limits(VERIFY_RESEND="2 per hour")
    monkeypatch.setitem(app.config, "VERIFICATION_RESEND_COOLDOWN_SECONDS", 0)
    api.login(factories.make_user(verified=False))
    for _ in range(2):
        assert api.post("/api/v1/auth/verify-email/resend").status_code == 202
    assert_rate_limited(api.post("/api/v1/auth/verify-email/resend"), 3600)


# Invitations, AI drafting, answers ---------------------------------------------------


@pytest.fixture
def active_interview(recruiter):
    product = factories.make_product(recruiter)
    return factories.make_interview(product, questions=2, status="active")


def test_invitation_sending_is_limited_per_user(
    api, limits, recruiter, active_interview
):
    limits(INVITATIONS="2 per minute")
    api.login(recruiter)
    url = f"/api/v1/interviews/{active_interview.id}/invitations"
    for n in range(2):
        assert api.post(url, json={"email": f"c{n}@example.com"}).status_code == 201
    assert_rate_limited(api.post(url, json={"email": "c9@example.com"}), 60)
    invitation = active_interview.invitations[0]
    assert_rate_limited(api.post(f"/api/v1/invitations/{invitation.id}/resend"), 60)


def test_ai_drafting_is_limited_per_user(api, limits, recruiter, active_interview):
    limits(AI_DRAFTING="1 per minute")
    api.login(recruiter)
    url = f"/api/v1/interviews/{active_interview.id}/questions/generate"
    assert api.post(url, json={"count": 1}).status_code == 201
    assert_rate_limited(api.post(url, json={"count": 1}), 60)


def wait_for(sio, event, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(item["name"] == event for item in sio.get_received("/interview")):
            return
        time.sleep(0.02)
    raise AssertionError(f"{event} not received")


def test_answers_are_limited_per_interview_session(
    app, client, limits, active_interview
):
    limits(ANSWERS="2 per minute")
    invitation, _token = factories.make_invitation(active_interview)
    session = conductor.start_session(invitation)
    db.session.commit()
    client.set_cookie(COOKIE_NAME, participant_token(session.id, invitation.id))
    sio = socketio.test_client(app, namespace="/interview", flask_test_client=client)
    wait_for(sio, "turn_end")
    for n in range(2):
        ack = sio.emit(
            "answer",
            {"client_id": f"a{n}", "text": "My answer."},
            namespace="/interview",
            callback=True,
        )
        assert ack["ok"] is True, ack
        wait_for(sio, "turn_end")
    refused = sio.emit(
        "answer",
        {"client_id": "a2", "text": "One more."},
        namespace="/interview",
        callback=True,
    )
    assert refused["ok"] is False
    assert refused["error"]["code"] == "RATE_LIMITED"
    assert Message.query.filter_by(client_id="a2").count() == 0
    sio.disconnect("/interview")


# Storage -------------------------------------------------------------------------


@pytest.mark.skipif(not services.REDIS_URL, reason="TEST_REDIS_URL is not set")
def test_counters_live_in_redis_when_it_is_configured(client, limits, recruiter):
    import redis

    limits(LOGIN_ACCOUNT="5 per hour")
    login(client, recruiter.email, "Wrong1234")
    keys = list(redis.Redis.from_url(services.REDIS_URL).scan_iter("LIMITS:*"))
    assert keys
    assert recruiter.email not in " ".join(key.decode() for key in keys)
    assert type(limiter.storage).__name__ == "RedisStorage"
