"""Candidates register themselves (API and page), confirm their email, sign in, and
keep a practice profile; the rules are the recruiters'."""

import pytest

from app.extensions import db
from app.models import AuditEvent, CandidateProfile, User
from tests import factories
from tests.factories import page_login
from tests.support.asserts import assert_error
from tests.support.mailbox import link_in

REGISTER = {
    "email": "Cara.Candidate@Example.com",
    "username": "cara_c",
    "password": "Practis3Hard",
    "full_name": "Cara Candidate",
}
HTML = {"Accept": "text/html"}


def test_register_creates_a_candidate(client):
    response = client.post("/api/v1/practice/register", json=REGISTER)
    assert response.status_code == 201
    body = response.get_json()
    assert body["role"] == "candidate"
    assert body["email"] == "cara.candidate@example.com"
    assert body["email_verified"] is False
    user = db.session.get(User, body["id"])
    assert user.role == "candidate"
    assert AuditEvent.query.filter_by(action="user.registered").count() == 1


@pytest.mark.parametrize(
    "field, value",
    [
        ("email", "not-an-email"),
        ("email", ""),
        ("username", "ab"),
        ("username", "has space"),
        ("username", "bad!chars"),
        ("username", "x" * 51),
        ("password", "Short1A"),
        ("password", "nouppercase1"),
        ("password", "NoDigitsHere"),
        ("full_name", "A"),
        ("full_name", "   "),
    ],
)
def test_register_refuses_each_failing_case_with_its_field(client, field, value):
    response = client.post("/api/v1/practice/register", json={**REGISTER, field: value})
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["details"]) == [field]
    assert User.query.count() == 0


def test_register_refuses_a_requested_role(client):
    body = {**REGISTER, "role": "admin"}
    error = assert_error(
        client.post("/api/v1/practice/register", json=body), 422, "VALIDATION_ERROR"
    )
    assert "role" in error["details"]


@pytest.mark.parametrize(
    "field, taken", [("email", "CARA.candidate@example.com"), ("username", "CARA_C")]
)
def test_a_taken_email_or_username_is_a_clear_conflict(client, field, taken):
    assert client.post("/api/v1/practice/register", json=REGISTER).status_code == 201
    other = {
        **REGISTER,
        "email": "someone@example.com",
        "username": "someone",
        field: taken,
    }
    error = assert_error(
        client.post("/api/v1/practice/register", json=other), 409, "CONFLICT"
    )
    assert list(error["details"]) == [field]
    assert field in error["message"]
    assert User.query.count() == 1


def test_verify_login_me_and_logout(client, api, mailbox):
    assert client.post("/api/v1/practice/register", json=REGISTER).status_code == 201
    link = link_in(mailbox.last_to("cara.candidate@example.com"), "/verify-email/")
    token = link.rsplit("/", 1)[1]
    response = client.post("/api/v1/auth/verify-email", json={"token": token})
    assert response.status_code == 200, response.get_json()
    user = User.query.filter_by(username="cara_c").one()
    assert user.email_verified_at is not None
    login = client.post(
        "/api/v1/auth/login",
        json={"email": REGISTER["email"], "password": REGISTER["password"]},
    )
    access = login.get_json()["access_token"]
    me = api.get("/api/v1/auth/me", token=access).get_json()
    assert (me["role"], me["email_verified"]) == ("candidate", True)
    assert api.post("/api/v1/auth/logout", token=access).status_code == 204
    assert_error(api.get("/api/v1/auth/me", token=access), 401, "AUTH_ERROR")


def test_signup_page_creates_a_candidate_and_opens_the_profile(client):
    page = client.get("/practice/signup").get_data(as_text=True)
    assert "Practise interviews with an AI interviewer" in page
    response = client.post("/practice/signup", data=REGISTER)
    assert response.status_code == 302
    assert response.headers["Location"] == "/practice/profile"
    assert User.query.one().role == "candidate"
    assert client.get("/practice/profile").status_code == 200


def test_signup_page_shows_each_field_error(client):
    response = client.post(
        "/practice/signup", data={**REGISTER, "password": "weak", "username": "x"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Use 3-50 letters" in page and "at least 8 characters" in page
    assert User.query.count() == 0


def test_landing_page_offers_practice(client):
    page = client.get("/").get_data(as_text=True)
    assert "Practise interviews" in page and 'href="/practice/signup"' in page


def test_candidates_land_on_practice_after_login(client):
    candidate = factories.make_user(role="candidate")
    response = client.post(
        "/login",
        data={"email": candidate.email, "password": factories.DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/practice"
    page = client.get("/practice").get_data(as_text=True)
    assert "Practice" in page and "Products" not in page


@pytest.fixture
def candidate():
    return factories.make_user(
        email="cara@example.com",
        username="cara",
        full_name="Cara Candidate",
        role="candidate",
    )


PROFILE = {
    "full_name": "Cara C. Candidate",
    "username": "cara-c",
    "target_role": "Backend engineer",
    "experience_level": "new_grad",
    "preferred_tracks": ["backend", "behavioral", "backend"],
}


def test_profile_put_replaces_and_patch_updates(api, candidate):
    api.login(candidate)
    empty = api.get("/api/v1/practice/profile").get_json()
    assert empty["preferred_tracks"] == [] and empty["target_role"] is None
    saved = api.request("PUT", "/api/v1/practice/profile", json=PROFILE).get_json()
    assert saved["username"] == "cara-c"
    assert saved["preferred_tracks"] == ["backend", "behavioral"]
    assert saved["experience_level"] == "new_grad"
    patched = api.patch(
        "/api/v1/practice/profile", json={"target_role": "Data analyst"}
    ).get_json()
    assert patched["target_role"] == "Data analyst"
    assert patched["preferred_tracks"] == ["backend", "behavioral"]
    assert CandidateProfile.query.count() == 1
    assert db.session.get(User, candidate.id).full_name == "Cara C. Candidate"


def test_profile_put_needs_every_field(api, candidate):
    api.login(candidate)
    response = api.request(
        "PUT", "/api/v1/practice/profile", json={"full_name": "Cara"}
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert {"username", "target_role", "experience_level", "preferred_tracks"} <= set(
        error["details"]
    )


@pytest.mark.parametrize(
    "body",
    [
        {"experience_level": "wizard"},
        {"preferred_tracks": ["astrology"]},
        {"username": "no"},
    ],
)
def test_profile_refuses_unknown_values(api, candidate, body):
    api.login(candidate)
    error = assert_error(
        api.patch("/api/v1/practice/profile", json=body), 422, "VALIDATION_ERROR"
    )
    assert list(error["details"]) == list(body)


def test_profile_update_with_a_taken_username_is_a_conflict(api, candidate, recruiter):
    api.login(candidate)
    response = api.patch("/api/v1/practice/profile", json={"username": "RITA"})
    error = assert_error(response, 409, "CONFLICT")
    assert list(error["details"]) == ["username"]
    assert db.session.get(User, candidate.id).username == "cara"


def test_profile_page_saves_and_shows_errors(client, candidate, recruiter):
    csrf = page_login(client, candidate)
    form = {
        "csrf_token": csrf,
        "full_name": "Cara Candidate",
        "username": "cara",
        "target_role": "Frontend engineer",
        "experience_level": "junior",
        "preferred_tracks": ["frontend", "swe_new_grad"],
    }
    response = client.post("/practice/profile", data=form)
    assert response.status_code == 302
    profile = db.session.get(CandidateProfile, candidate.id)
    assert profile.preferred_tracks == ["frontend", "swe_new_grad"]
    assert profile.experience_level == "junior"
    taken = client.post("/practice/profile", data={**form, "username": "rita"})
    assert taken.status_code == 422
    assert "This username is taken." in taken.get_data(as_text=True)


def test_recruiters_have_no_practice_profile(api, client, recruiter):
    api.login(recruiter)
    assert_error(api.get("/api/v1/practice/profile"), 403, "FORBIDDEN")
    page_login(client, recruiter)
    assert client.get("/practice", headers=HTML).status_code == 403
