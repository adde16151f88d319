"""Workspaces through the API: a workspace of one, invites by email, roles, leaving."""

from app.extensions import db
from app.models import Membership, Product, Workspace
from tests import factories
from tests.support.asserts import assert_error
from tests.support.mailbox import link_in

API = "/api/v1/workspaces"


def test_an_account_gets_a_workspace_of_one_it_owns(api, recruiter):
    api.login(recruiter)
    body = api.get(API).get_json()
    assert [(w["name"], w["role"]) for w in body["items"]] == [
        ("Rita Recruiter", "owner")
    ]
    again = api.get(API).get_json()  # asked twice: still one workspace
    assert len(again["items"]) == 1
    assert Workspace.query.count() == 1


def test_products_created_go_to_the_current_workspace(api, recruiter):
    api.login(recruiter)
    [mine] = api.get(API).get_json()["items"]
    other = api.post(API, json={"name": "Acme Hiring"}).get_json()
    created = api.post(
        "/api/v1/products",
        json={"name": "Payments"},
        headers={"X-Workspace-Id": str(other["id"])},
    )
    assert created.status_code == 201
    product = db.session.get(Product, created.get_json()["id"])
    assert product.workspace_id == other["id"]
    # Listed in that workspace only.
    listed = api.get("/api/v1/products", headers={"X-Workspace-Id": str(mine["id"])})
    assert listed.get_json()["items"] == []
    assert (
        api.get(
            f"/api/v1/products/{product.id}",
            headers={"X-Workspace-Id": str(mine["id"])},
        ).status_code
        == 404
    )


def test_a_workspace_header_of_someone_elses_workspace_is_404(
    api, recruiter, other_recruiter, workspace
):
    api.login(other_recruiter)
    response = api.get(
        "/api/v1/products", headers={"X-Workspace-Id": str(workspace.id)}
    )
    assert_error(response, 404, "NOT_FOUND")
    assert_error(api.get(f"{API}/{workspace.id}/members"), 404, "NOT_FOUND")


def test_invite_by_email_then_accept_shares_the_products(
    api, recruiter, other_recruiter, workspace, mailbox
):
    product = factories.make_product(recruiter, name="Shared product")
    api.login(recruiter)
    invited = api.post(
        f"{API}/{workspace.id}/invites",
        json={"email": "Oscar@Example.com", "role": "recruiter"},
    )
    assert invited.status_code == 201, invited.get_json()
    assert invited.get_json()["email"] == "oscar@example.com"
    mail = mailbox.last_to("oscar@example.com")
    assert "Rita Recruiter" in mail.text and "recruiter" in mail.text
    token = link_in(mail, "/workspaces/join/").rsplit("/", 1)[1]

    api.login(other_recruiter)
    joined = api.post(f"{API}/join", json={"token": token})
    assert joined.status_code == 200, joined.get_json()
    assert joined.get_json()["role"] == "recruiter"
    header = {"X-Workspace-Id": str(workspace.id)}
    seen = api.get(f"/api/v1/products/{product.id}", headers=header)
    assert seen.status_code == 200
    # The link works once.
    assert_error(api.post(f"{API}/join", json={"token": token}), 410, "GONE")
    members = api.get(f"{API}/{workspace.id}/members").get_json()["items"]
    assert {(m["email"], m["role"]) for m in members} == {
        ("rita@example.com", "owner"),
        ("oscar@example.com", "recruiter"),
    }


def test_an_invite_for_another_address_is_refused(
    api, recruiter, other_recruiter, workspace, mailbox
):
    api.login(recruiter)
    api.post(f"{API}/{workspace.id}/invites", json={"email": "zed@example.com"})
    token = link_in(mailbox.last_to("zed@example.com"), "/workspaces/join/")
    api.login(other_recruiter)
    response = api.post(f"{API}/join", json={"token": token.rsplit("/", 1)[1]})
    assert_error(response, 403, "FORBIDDEN")
    assert Membership.query.filter_by(user_id=other_recruiter.id).count() <= 1


def test_only_owners_and_admins_manage_members(api, recruiter, viewer, workspace):
    api.login(viewer)
    response = api.post(
        f"{API}/{workspace.id}/invites", json={"email": "x@example.com"}
    )
    assert_error(response, 403, "FORBIDDEN")
    response = api.patch(
        f"{API}/{workspace.id}/members/{recruiter.id}", json={"role": "viewer"}
    )
    assert_error(response, 403, "FORBIDDEN")
    assert api.get(f"{API}/{workspace.id}/members").status_code == 200


def test_the_last_owner_cannot_leave_or_be_demoted(api, recruiter, workspace, viewer):
    api.login(recruiter)
    path = f"{API}/{workspace.id}/members/{recruiter.id}"
    assert_error(api.delete(path), 409, "CONFLICT")
    assert_error(api.patch(path, json={"role": "admin"}), 409, "CONFLICT")
    # With a second owner, the first may leave.
    promoted = api.patch(
        f"{API}/{workspace.id}/members/{viewer.id}", json={"role": "owner"}
    )
    assert promoted.status_code == 200
    assert api.delete(path).status_code == 204
    assert_error(api.get(f"{API}/{workspace.id}/members"), 404, "NOT_FOUND")


def test_an_admin_member_cannot_make_owners(api, recruiter, member_of, workspace):
    boss = member_of(factories.make_user(email="adam@example.com"), "admin")
    api.login(boss)
    response = api.patch(
        f"{API}/{workspace.id}/members/{recruiter.id}", json={"role": "viewer"}
    )
    assert_error(response, 403, "FORBIDDEN")
    response = api.post(
        f"{API}/{workspace.id}/invites",
        json={"email": "o@example.com", "role": "owner"},
    )
    assert_error(response, 403, "FORBIDDEN")


def test_a_viewer_reads_but_every_change_is_403(api, recruiter, viewer, workspace):
    product = factories.make_product(recruiter, name="Read only")
    api.login(viewer)
    header = {"X-Workspace-Id": str(workspace.id)}
    assert api.get(f"/api/v1/products/{product.id}", headers=header).status_code == 200
    response = api.patch(
        f"/api/v1/products/{product.id}", json={"name": "Changed"}, headers=header
    )
    assert_error(response, 403, "FORBIDDEN")
    response = api.post("/api/v1/products", json={"name": "New"}, headers=header)
    assert_error(response, 403, "FORBIDDEN")
    db.session.expire_all()
    assert [p.name for p in Product.query.all()] == ["Read only"]
