"""Admin pages: users (search, role, deactivate / reactivate, delete after a clear
statement) and the audit log; a 403 page for everyone else."""

import re

import pytest

from app.extensions import db
from app.models import AuditEvent, Product, User
from tests import factories
from tests.factories import page_login

HTML = {"Accept": "text/html"}


def admin_page_urls(app, user_id: int) -> list[str]:
    return sorted(
        {
            rule.rule.replace("<int:user_id>", str(user_id)).replace(
                "<int:interview_id>", "1"
            )
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/portal/admin") and "GET" in rule.methods
        }
    )


def test_admin_pages_refuse_everyone_else(app, client, recruiter, other_recruiter):
    urls = admin_page_urls(app, other_recruiter.id)
    assert len(urls) == 8  # users, new, a user, edit, delete, audit, fairness, report
    for url in urls:
        anonymous = app.test_client().get(url, headers=HTML)
        assert (
            anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
        )
    csrf = page_login(client, recruiter)
    for url in urls:
        response = client.get(url, headers=HTML)
        assert response.status_code == 403, url
        assert "Access denied" in response.get_data(as_text=True)
    post_urls = [
        f"/portal/admin/users/{other_recruiter.id}/{action}"
        for action in ("role", "deactivate", "reactivate", "delete")
    ]
    for url in post_urls:
        data = {
            "csrf_token": csrf,
            "role": "admin",
            "confirm_email": "oscar@example.com",
        }
        assert client.post(url, data=data, headers=HTML).status_code == 403
    db.session.refresh(other_recruiter)
    assert other_recruiter.role == "recruiter" and other_recruiter.is_active
    assert 'href="/portal/admin/users"' not in client.get("/portal").get_data(
        as_text=True
    )


@pytest.fixture
def as_admin(client, admin):
    """A browser signed in as the admin; returns its CSRF value."""
    csrf = page_login(client, admin)
    assert 'href="/portal/admin/users"' in client.get("/portal").get_data(as_text=True)
    return csrf


def test_the_users_page_lists_and_searches(
    client, as_admin, recruiter, other_recruiter
):
    page = client.get("/portal/admin/users").get_data(as_text=True)
    for user in (recruiter, other_recruiter):
        assert user.email in page
    found = client.get("/portal/admin/users?q=oscar").get_data(as_text=True)
    assert "oscar@example.com" in found and "rita@example.com" not in found
    admins = client.get("/portal/admin/users?role=admin").get_data(as_text=True)
    assert "ada@example.com" in admins and "rita@example.com" not in admins
    bad = client.get("/portal/admin/users?active=maybe")
    assert bad.status_code == 200  # the filter is reported, the list still shows
    assert "Not a valid boolean." in bad.get_data(as_text=True)


def test_role_change_and_deactivation_from_the_user_page(client, as_admin, recruiter):
    url = f"/portal/admin/users/{recruiter.id}"
    assert "Change role" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/role", data={"csrf_token": as_admin, "role": "admin"})
    db.session.refresh(recruiter)
    assert recruiter.role == "admin"
    client.post(f"{url}/deactivate", data={"csrf_token": as_admin})
    db.session.refresh(recruiter)
    assert not recruiter.is_active
    page = client.get(url).get_data(as_text=True)
    assert "is deactivated: every session of theirs has ended." in page
    assert "Reactivate" in page
    client.post(f"{url}/reactivate", data={"csrf_token": as_admin})
    db.session.refresh(recruiter)
    assert recruiter.is_active
    actions = {event.action for event in AuditEvent.query}
    assert {"user.role_changed", "user.deactivated", "user.reactivated"} <= actions


def test_an_admin_cannot_act_on_their_own_account_from_the_page(
    client, as_admin, admin
):
    page = client.get(f"/portal/admin/users/{admin.id}").get_data(as_text=True)
    assert "This is your own account" in page and "Change role" not in page
    client.post(
        f"/portal/admin/users/{admin.id}/deactivate", data={"csrf_token": as_admin}
    )
    db.session.refresh(admin)
    assert admin.is_active


def test_deletion_states_what_happens_and_needs_the_email_typed(
    client, as_admin, recruiter
):
    product = factories.make_product(recruiter)
    factories.make_interview(product)
    url = f"/portal/admin/users/{recruiter.id}/delete"
    page = client.get(url).get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "This cannot be undone." in text
    assert (
        "deletes the 1 product and categories of the workspaces only they belong to"
        " (and their practice), with 1 interview" in text
    )
    assert "keeps the audit log" in text
    wrong = client.post(url, data={"csrf_token": as_admin, "confirm_email": "nope"})
    assert wrong.status_code == 422
    assert db.session.get(User, recruiter.id) is not None
    done = client.post(
        url, data={"csrf_token": as_admin, "confirm_email": recruiter.email}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/portal/admin/users"
    db.session.expire_all()
    assert db.session.get(User, recruiter.id) is None
    assert Product.query.count() == 0


CODE = '<code class="admin-action__code">{}</code>'


def test_the_audit_page_filters(client, as_admin, admin, recruiter):
    factories.ApiClient(client).login(recruiter)
    everything = client.get("/portal/admin/audit").get_data(as_text=True)
    assert everything.count(CODE.format("auth.login")) == 2
    mine = client.get(f"/portal/admin/audit?actor={admin.id}").get_data(as_text=True)
    assert mine.count(CODE.format("auth.login")) == 1
    by_email = client.get("/portal/admin/audit?actor=rita").get_data(as_text=True)
    assert by_email.count(CODE.format("auth.login")) == 1
    assert "rita@example.com" in by_email
    none = client.get("/portal/admin/audit?action=user.deleted").get_data(as_text=True)
    assert "No matching events" in none
    bad = client.get("/portal/admin/audit?since=2030-01-02&until=2030-01-01")
    assert "Must not be before" in bad.get_data(as_text=True)


def test_the_audit_log_names_what_was_touched_and_shows_fields(
    client, as_admin, recruiter
):
    from app.audit import record_event

    product = factories.make_product(recruiter, name="Acme Robotics")
    interview = factories.make_interview(product, role_title="Backend Engineer")
    invitation, _ = factories.make_invitation(
        interview, name="Casey Candidate", email="casey@example.com"
    )
    record_event(
        "invitation.extended", actor=recruiter, target=invitation, details={"days": 7}
    )
    db.session.commit()
    html = client.get("/portal/admin/audit").get_data(as_text=True)
    assert "Invitation for Casey Candidate, Backend Engineer" in html
    assert "Invitation extended" in html
    assert "<dt>Days</dt><dd>7</dd>" in html
    assert "days=7" not in html
