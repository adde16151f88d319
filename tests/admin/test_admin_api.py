"""The admin API: users (search, role, deactivate / reactivate, delete with their data)
and the audit log; every admin route refused to everyone else."""

import pytest

from app.admin import service as admin_service
from app.errors import InteractionError
from app.extensions import db
from app.live import conductor
from app.models import (
    AuditEvent,
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Product,
    User,
)
from tests import factories
from tests.support.asserts import assert_error

ADMIN_API = "/api/v1/admin/"
USERS = "/api/v1/admin/users"


def admin_operations(client):
    spec = client.get("/apispec.json").get_json()
    for path, operations in spec["paths"].items():
        if path.startswith(ADMIN_API):
            for method in operations:
                yield method.upper(), path


def test_every_admin_route_refuses_recruiters_and_anonymous_callers(
    api, recruiter, other_recruiter
):
    operations = list(admin_operations(api.client))
    assert len(operations) == 8  # users (list, create, read, edit, patch, delete),
    # the audit log and the fairness report
    anonymous = factories.ApiClient(api.client)
    api.login(recruiter)
    for method, path in operations:
        url = path.replace("{user_id}", str(other_recruiter.id)).replace(
            "{interview_id}", "1"
        )
        body = {"json": {"role": "admin"}} if method in ("PATCH", "PUT") else {}
        refused = api.request(method, url, **body)
        assert_error(refused, 403, "FORBIDDEN")
        assert_error(anonymous.request(method, url, **body), 401, "AUTH_ERROR")
    db.session.refresh(other_recruiter)
    assert other_recruiter.role == "recruiter"
    assert db.session.get(User, other_recruiter.id) is not None


def test_admins_list_and_search_users(api, admin, recruiter, other_recruiter):
    factories.make_user(full_name="Quentin Quiet", is_active=False)
    api.login(admin)
    everyone = api.get(USERS).get_json()
    assert everyone["meta"] == {"page": 1, "per_page": 20, "total": 4}
    by_name = api.get(f"{USERS}?q=quiet").get_json()["items"]
    assert [u["full_name"] for u in by_name] == ["Quentin Quiet"]
    assert by_name[0]["is_active"] is False
    by_email = api.get(f"{USERS}?q=OSCAR@").get_json()["items"]
    assert [u["email"] for u in by_email] == ["oscar@example.com"]
    admins = api.get(f"{USERS}?role=admin").get_json()["items"]
    assert [u["email"] for u in admins] == [admin.email]
    inactive = api.get(f"{USERS}?active=false").get_json()["items"]
    assert [u["full_name"] for u in inactive] == ["Quentin Quiet"]
    assert_error(api.get(f"{USERS}?role=wizard"), 422, "VALIDATION_ERROR")


@pytest.fixture
def owned_data(recruiter):
    """A recruiter with a product, an interview, invitations and a session."""
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, status="active")
    invitation, _ = factories.make_invitation(interview)
    started, _ = factories.make_invitation(interview)
    session = conductor.start_session(started)
    db.session.add(
        Message(session_id=session.id, seq=1, role="candidate", content="An answer.")
    )
    db.session.commit()
    return {"product": product, "interview": interview, "session": session}


def test_the_user_detail_counts_what_a_deletion_would_take(
    api, admin, recruiter, owned_data
):
    api.login(admin)
    body = api.get(f"{USERS}/{recruiter.id}").get_json()
    assert body["data"] == {
        "products": 1,
        "interviews": 1,
        "invitations": 2,
        "sessions": 1,
        "kept_products": 0,
    }
    assert body["google_connected"] is False
    assert_error(api.get(f"{USERS}/999999"), 404, "NOT_FOUND")


def test_changing_a_role_is_audited(api, admin, recruiter):
    api.login(admin)
    response = api.patch(f"{USERS}/{recruiter.id}", json={"role": "admin"})
    assert response.status_code == 200 and response.get_json()["role"] == "admin"
    event = AuditEvent.query.filter_by(action="user.role_changed").one()
    assert event.actor_id == admin.id and event.target_id == recruiter.id
    assert event.details == {
        "email": recruiter.email,
        "from": "recruiter",
        "to": "admin",
    }
    assert event.ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    "body", [{"role": "recruiter"}, {"is_active": False}], ids=["demote", "deactivate"]
)
def test_admins_cannot_lock_themselves_out(api, admin, body):
    api.login(admin)
    error = assert_error(
        api.patch(f"{USERS}/{admin.id}", json=body), 409, "INTERACTION_ERROR"
    )
    assert "your own account" in error["message"]
    assert_error(api.delete(f"{USERS}/{admin.id}"), 409, "INTERACTION_ERROR")
    db.session.refresh(admin)
    assert admin.role == "admin" and admin.is_active


def test_the_last_active_admin_stays(api, admin, recruiter):
    second = factories.make_user(role="admin")
    api.login(second)
    # Demoting another admin is fine while another active one remains...
    demoted = api.patch(f"{USERS}/{admin.id}", json={"role": "recruiter"})
    assert demoted.status_code == 200
    # ...but the rule holds whoever acts (here the service, called directly).
    for change in (
        lambda: admin_service.change_role(recruiter, second, "recruiter"),
        lambda: admin_service.deactivate_user(recruiter, second),
        lambda: admin_service.delete_user(recruiter, second),
    ):
        with pytest.raises(InteractionError, match="last active admin"):
            change()
    db.session.rollback()
    assert db.session.get(User, second.id).role == "admin"


def test_deactivate_and_reactivate(api, app, admin, recruiter):
    victim = factories.ApiClient(app.test_client())
    victim.login(recruiter)
    api.login(admin)
    off = api.patch(f"{USERS}/{recruiter.id}", json={"is_active": False})
    assert off.status_code == 200 and off.get_json()["is_active"] is False
    assert_error(victim.get("/api/v1/auth/me"), 401, "AUTH_ERROR")
    login = app.test_client().post(
        "/api/v1/auth/login",
        json={"email": recruiter.email, "password": factories.DEFAULT_PASSWORD},
    )
    assert "deactivated" in assert_error(login, 401, "AUTH_ERROR")["message"]
    on = api.patch(f"{USERS}/{recruiter.id}", json={"is_active": True})
    assert on.get_json()["is_active"] is True
    actions = [e.action for e in AuditEvent.query.order_by(AuditEvent.id)]
    assert "user.deactivated" in actions and "user.reactivated" in actions
    assert_error(api.patch(f"{USERS}/{recruiter.id}", json={}), 422, "VALIDATION_ERROR")


def test_deleting_a_user_deletes_their_data_and_keeps_the_audit_log(
    api, admin, recruiter, owned_data
):
    factories.ApiClient(api.client).login(recruiter)  # an audit event by them
    api.login(admin)
    assert api.delete(f"{USERS}/{recruiter.id}").status_code == 204
    db.session.expire_all()
    assert db.session.get(User, recruiter.id) is None
    for model in (Product, Interview, Invitation, InterviewSession, Message):
        assert model.query.count() == 0, model.__name__
    deleted = AuditEvent.query.filter_by(action="user.deleted").one()
    assert deleted.details == {
        "email": recruiter.email,
        "username": recruiter.username,
        "role": "recruiter",
        "products": 1,
        "interviews": 1,
        "invitations": 2,
        "sessions": 1,
        "kept_products": 0,
    }
    their_login = AuditEvent.query.filter_by(
        action="auth.login", target_id=recruiter.id
    )
    assert their_login.one().actor_id is None  # kept, no longer linked
    assert_error(api.delete(f"{USERS}/{recruiter.id}"), 404, "NOT_FOUND")


# The audit log --------------------------------------------------------------------


def test_the_audit_log_filters_by_actor_action_and_date(api, admin, recruiter):
    factories.ApiClient(api.client).login(recruiter)
    api.client.post(
        "/api/v1/auth/login", json={"email": recruiter.email, "password": "Nope12345"}
    )
    api.login(admin)
    url = "/api/v1/admin/audit-events"
    everything = api.get(url).get_json()
    assert everything["meta"]["total"] == 3
    created = [item["created_at"] for item in everything["items"]]
    assert created == sorted(created, reverse=True)

    by_actor = api.get(f"{url}?actor=rita@").get_json()["items"]
    assert [(e["action"], e["actor_email"]) for e in by_actor] == [
        ("auth.login", recruiter.email)
    ]
    by_id = api.get(f"{url}?actor={admin.id}").get_json()["items"]
    assert {e["actor_id"] for e in by_id} == {admin.id}
    failed = api.get(f"{url}?action=auth.login_failed").get_json()["items"]
    assert len(failed) == 1 and failed[0]["actor_id"] is None
    assert "Nope12345" not in str(failed[0])
    prefix = api.get(f"{url}?action=auth.").get_json()["meta"]["total"]
    assert prefix == 3

    today = everything["items"][0]["created_at"][:10]
    assert (
        api.get(f"{url}?since={today}&until={today}").get_json()["meta"]["total"] == 3
    )
    assert api.get(f"{url}?until=2000-01-01").get_json()["meta"]["total"] == 0
    backwards = api.get(f"{url}?since=2030-01-02&until=2030-01-01")
    assert "until" in assert_error(backwards, 422, "VALIDATION_ERROR")["details"]
