"""API keys and webhooks belong to the workspace: its owners and admins manage them,
events of its products go to its endpoints, and a key acts as its creator there."""

import pytest

from app.extensions import db
from app.integrations import events
from app.models import Membership, WebhookDelivery
from app.ownership import current_workspace
from tests import factories
from tests.support.asserts import assert_error


@pytest.fixture
def team(recruiter, other_recruiter):
    """Rita's workspace with an admin, a recruiter and a viewer; Otto has his own."""
    workspace = current_workspace(recruiter)
    current_workspace(other_recruiter)
    people = {"owner": recruiter}
    for role in ("admin", "recruiter", "viewer"):
        person = factories.make_user(email=f"{role}@example.com", full_name=role)
        db.session.add(
            Membership(workspace_id=workspace.id, user_id=person.id, role=role)
        )
        people[role] = person
    db.session.commit()
    return workspace, people


def _in(workspace):
    return {"X-Workspace-Id": str(workspace.id)}


def test_owners_and_admins_manage_the_workspace_s_keys_and_webhooks(api, team):
    workspace, people = team
    api.login(people["owner"])
    key = api.post(
        "/api/v1/api-keys",
        json={"name": "ATS", "scopes": ["read"]},
        headers=_in(workspace),
    ).get_json()
    assert key["workspace_id"] == workspace.id
    assert key["created_by_id"] == people["owner"].id
    api.login(people["admin"])
    hook = api.post(
        "/api/v1/webhooks",
        json={"url": "https://hooks.example.com/a", "events": ["evaluation.ready"]},
        headers=_in(workspace),
    )
    assert hook.status_code == 201
    # The admin sees the owner's key; the owner sees the admin's endpoint.
    listed = api.get("/api/v1/api-keys", headers=_in(workspace)).get_json()
    assert [item["id"] for item in listed["items"]] == [key["id"]]
    revoked = api.delete(f"/api/v1/api-keys/{key['id']}", headers=_in(workspace))
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    api.login(people["owner"])
    endpoints = api.get("/api/v1/webhooks", headers=_in(workspace)).get_json()
    assert [item["url"] for item in endpoints["items"]] == [
        "https://hooks.example.com/a"
    ]


@pytest.mark.parametrize("role", ["recruiter", "viewer"])
def test_recruiters_and_viewers_cannot_manage_them(api, team, role):
    workspace, people = team
    api.login(people["owner"])
    key = api.post(
        "/api/v1/api-keys",
        json={"name": "ATS", "scopes": ["read"]},
        headers=_in(workspace),
    ).get_json()
    hook = api.post(
        "/api/v1/webhooks",
        json={"url": "https://hooks.example.com/a", "events": ["evaluation.ready"]},
        headers=_in(workspace),
    ).get_json()
    api.login(people[role])
    for method, path, body in (
        ("get", "/api/v1/api-keys", None),
        ("post", "/api/v1/api-keys", {"name": "Mine", "scopes": ["read"]}),
        ("delete", f"/api/v1/api-keys/{key['id']}", None),
        ("get", "/api/v1/webhooks", None),
        ("patch", f"/api/v1/webhooks/{hook['id']}", {"description": "x"}),
        ("delete", f"/api/v1/webhooks/{hook['id']}", None),
        ("post", f"/api/v1/webhooks/{hook['id']}/rotate-secret", None),
    ):
        response = getattr(api, method)(path, json=body, headers=_in(workspace))
        assert_error(response, 403, "FORBIDDEN")
    db.session.expire_all()
    assert key["revoked_at"] is None


def test_another_workspace_s_keys_and_webhooks_are_not_found(
    api, team, other_recruiter, client
):
    workspace, people = team
    api.login(people["owner"])
    key = api.post(
        "/api/v1/api-keys",
        json={"name": "ATS", "scopes": ["read"]},
        headers=_in(workspace),
    ).get_json()
    hook = api.post(
        "/api/v1/webhooks",
        json={"url": "https://hooks.example.com/a", "events": ["evaluation.ready"]},
        headers=_in(workspace),
    ).get_json()
    api.login(other_recruiter)
    assert api.get("/api/v1/api-keys").get_json()["items"] == []
    assert api.get("/api/v1/webhooks").get_json()["items"] == []
    assert_error(api.delete(f"/api/v1/api-keys/{key['id']}"), 404, "NOT_FOUND")
    assert_error(api.delete(f"/api/v1/webhooks/{hook['id']}"), 404, "NOT_FOUND")
    assert_error(api.get("/api/v1/webhooks", headers=_in(workspace)), 404, "NOT_FOUND")
    csrf = factories.page_login(client, other_recruiter)
    settings = f"/portal/workspaces/{workspace.id}"
    assert client.get(f"{settings}/api-keys").status_code == 404
    assert client.get(f"{settings}/webhooks/{hook['id']}").status_code == 404
    response = client.post(
        f"{settings}/api-keys/{key['id']}/revoke", data={"csrf_token": csrf}
    )
    assert response.status_code == 404


def test_a_viewer_is_refused_the_settings_pages(client, team):
    workspace, people = team
    factories.page_login(client, people["viewer"])
    settings = f"/portal/workspaces/{workspace.id}"
    assert client.get(f"{settings}/api-keys").status_code == 403
    assert client.get(f"{settings}/webhooks").status_code == 403
    members = client.get(f"{settings}/members").get_data(as_text=True)
    assert "API keys" not in members


def test_events_of_the_workspace_s_products_go_to_its_webhooks(team, other_recruiter):
    workspace, people = team
    from app.integrations import webhooks

    ours = webhooks.create_endpoint(
        people["admin"],
        url="https://hooks.example.com/ours",
        events=["invitation.sent"],
        workspace_id=workspace.id,
    )
    theirs = webhooks.create_endpoint(
        other_recruiter,
        url="https://hooks.example.com/theirs",
        events=["invitation.sent"],
    )
    db.session.commit()
    # A product the (non-managing) recruiter made in the shared workspace.
    product = factories.make_product(people["recruiter"], workspace_id=workspace.id)
    invitation, _token = factories.make_invitation(factories.make_interview(product))
    events.invitation_sent(invitation)
    db.session.commit()
    [delivery] = WebhookDelivery.query.all()
    assert delivery.endpoint_id == ours.id != theirs.id
    assert delivery.payload["data"]["candidate"]["email"] == invitation.email


def test_a_key_acts_as_its_creator_with_their_role_in_its_workspace(api, team):
    workspace, people = team
    admin = people["admin"]
    api.login(admin)
    raw = api.post(
        "/api/v1/api-keys",
        json={"name": "Writer", "scopes": ["read", "write"]},
        headers=_in(workspace),
    ).get_json()["key"]
    created = api.post("/api/v1/products", json={"name": "Keyed"}, token=raw)
    assert created.status_code == 201
    # Another workspace named in the header: not this key's, 404.
    own = api.post("/api/v1/workspaces", json={"name": "Side"}).get_json()
    assert_error(
        api.get("/api/v1/products", token=raw, headers=_in_id(own["id"])),
        404,
        "NOT_FOUND",
    )
    # The creator demoted to viewer: the key now reads only.
    membership = Membership.query.filter_by(
        workspace_id=workspace.id, user_id=admin.id
    ).one()
    membership.role = "viewer"
    db.session.commit()
    refused = api.post("/api/v1/products", json={"name": "Again"}, token=raw)
    assert_error(refused, 403, "FORBIDDEN")
    assert api.get("/api/v1/products", token=raw).status_code == 200
    # The creator removed from the workspace: the key stops working.
    db.session.delete(membership)
    db.session.commit()
    assert_error(api.get("/api/v1/products", token=raw), 401, "AUTH_ERROR")


def _in_id(workspace_id):
    return {"X-Workspace-Id": str(workspace_id)}
