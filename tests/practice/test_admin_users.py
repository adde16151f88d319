"""Admins create users of any role (who set their password from an emailed link) and
edit them, by API and page; candidates show in the user admin."""

import pytest

from app.extensions import db
from app.models import AuditEvent, User
from tests.factories import page_login
from tests.support.asserts import assert_error
from tests.support.mailbox import link_in

NEW = {
    "email": "Nina.New@example.com",
    "username": "nina",
    "full_name": "Nina New",
    "role": "candidate",
}


@pytest.mark.parametrize("role", ["candidate", "recruiter", "admin"])
def test_admin_creates_a_user_who_sets_a_password_by_link(
    api, client, admin, mailbox, role
):
    api.login(admin)
    response = api.post("/api/v1/admin/users", json={**NEW, "role": role})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["role"], body["has_password"]) == (role, False)
    mail = mailbox.last_to("nina.new@example.com")
    assert mail.subject == "Your Viva account: set your password"
    token = link_in(mail, "/reset-password/").rsplit("/", 1)[1]
    reset = client.post(
        "/api/v1/auth/password/reset",
        json={"token": token, "new_password": "Welc0meNina"},
    )
    assert reset.status_code == 200, reset.get_json()
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "nina.new@example.com", "password": "Welc0meNina"},
    )
    assert login.status_code == 200
    user = db.session.get(User, body["id"])
    assert user.email_verified_at is not None
    assert AuditEvent.query.filter_by(action="user.created").count() == 1


@pytest.mark.parametrize("field", ["email", "username"])
def test_admin_create_refuses_a_taken_email_or_username(api, admin, recruiter, field):
    api.login(admin)
    taken = {"email": "RITA@example.com", "username": "rita"}[field]
    response = api.post("/api/v1/admin/users", json={**NEW, field: taken})
    assert list(assert_error(response, 409, "CONFLICT")["details"]) == [field]


def test_admin_create_validates_fields(api, admin):
    api.login(admin)
    response = api.post(
        "/api/v1/admin/users", json={**NEW, "role": "owner", "username": "x"}
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(error["details"]) == {"role", "username"}


def test_admin_edits_a_user_with_put(api, admin, recruiter):
    api.login(admin)
    body = {
        "email": "rita.new@example.com",
        "username": "rita2",
        "full_name": "Rita Renamed",
        "role": "candidate",
    }
    response = api.request("PUT", f"/api/v1/admin/users/{recruiter.id}", json=body)
    assert response.status_code == 200, response.get_json()
    user = db.session.get(User, recruiter.id)
    assert (user.email, user.username, user.full_name, user.role) == (
        "rita.new@example.com",
        "rita2",
        "Rita Renamed",
        "candidate",
    )
    assert user.email_verified_at is None
    missing = api.request(
        "PUT", f"/api/v1/admin/users/{recruiter.id}", json={"email": "x@example.com"}
    )
    assert set(assert_error(missing, 422, "VALIDATION_ERROR")["details"]) == {
        "username",
        "full_name",
        "role",
    }


def test_admin_cannot_demote_themselves_by_put(api, admin):
    api.login(admin)
    body = {
        "email": admin.email,
        "username": admin.username,
        "full_name": admin.full_name,
        "role": "candidate",
    }
    response = api.request("PUT", f"/api/v1/admin/users/{admin.id}", json=body)
    assert_error(response, 409, "INTERACTION_ERROR")


def test_non_admins_cannot_create_or_edit_users(api, recruiter):
    api.login(recruiter)
    assert_error(api.post("/api/v1/admin/users", json=NEW), 403, "FORBIDDEN")


def test_admin_pages_list_create_and_edit_candidates(client, admin, mailbox):
    csrf = page_login(client, admin)
    form = client.get("/portal/admin/users/new").get_data(as_text=True)
    assert 'value="candidate"' in form
    response = client.post("/portal/admin/users/new", data={**NEW, "csrf_token": csrf})
    assert response.status_code == 302
    user = User.query.filter_by(username="nina").one()
    assert user.role == "candidate"
    listing = client.get("/portal/admin/users?role=candidate").get_data(as_text=True)
    assert "Nina New" in listing
    edited = client.post(
        f"/portal/admin/users/{user.id}/edit",
        data={**NEW, "full_name": "Nina Edited", "csrf_token": csrf},
    )
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).full_name == "Nina Edited"
    clash = client.post(
        f"/portal/admin/users/{user.id}/edit",
        data={**NEW, "username": "ada", "csrf_token": csrf},
    )
    assert clash.status_code == 422
    assert "This username is taken." in clash.get_data(as_text=True)
