"""Workspace pages: the switcher, the members page, joining through the link."""

import pytest

from app.models import Membership, Workspace
from tests import factories

HTML = {"Accept": "text/html"}


def _login(client, user):
    response = client.post(
        "/login", data={"email": user.email, "password": "Passw0rdOk"}
    )
    assert response.status_code == 302
    return client


def _csrf(client):
    return client.get_cookie("csrf_access_token").value


@pytest.fixture
def two_workspaces(recruiter, workspace, member_of):
    """Oscar owns his own workspace and is a recruiter in Rita's."""
    oscar = factories.make_user(email="oscar2@example.com", full_name="Oscar Two")
    factories.make_product(oscar, name="Oscar's own product")
    member_of(oscar, "recruiter")
    factories.make_product(recruiter, name="Rita's product")
    return oscar


def test_switching_workspace_changes_the_portal(client, two_workspaces, workspace):
    portal = _login(client, two_workspaces)
    html = portal.get("/portal/products", headers=HTML).get_data(as_text=True)
    assert "Oscar&#39;s own product" in html and "Rita&#39;s product" not in html
    assert 'id="workspace-switch"' in html  # two workspaces: the switcher shows
    response = portal.post(
        "/portal/workspaces/switch",
        data={"workspace_id": workspace.id, "csrf_token": _csrf(portal)},
    )
    assert response.status_code == 302
    html = portal.get("/portal/products", headers=HTML).get_data(as_text=True)
    assert "Rita&#39;s product" in html and "Oscar&#39;s own product" not in html


def test_switching_to_a_workspace_not_yours_changes_nothing(
    client, other_recruiter, workspace
):
    portal = _login(client, other_recruiter)
    portal.post(
        "/portal/workspaces/switch",
        data={"workspace_id": workspace.id, "csrf_token": _csrf(portal)},
    )
    assert portal.get_cookie("viva_workspace") is None


def test_members_page_invites_and_refuses_a_bad_email(client, recruiter, workspace):
    portal = _login(client, recruiter)
    html = portal.get(
        f"/portal/workspaces/{workspace.id}/members", headers=HTML
    ).get_data(as_text=True)
    assert "Rita Recruiter" in html and "Invite a member" in html
    response = portal.post(
        f"/portal/workspaces/{workspace.id}/invites",
        data={"email": "not-an-email", "role": "viewer", "csrf_token": _csrf(portal)},
        headers=HTML,
    )
    assert response.status_code == 422
    assert "Enter a valid email." in response.get_data(as_text=True)


def test_a_viewer_sees_members_but_no_management(client, viewer, workspace):
    portal = _login(client, viewer)
    html = portal.get(
        f"/portal/workspaces/{workspace.id}/members", headers=HTML
    ).get_data(as_text=True)
    assert "Vera Viewer" in html and "Invite a member" not in html


def test_join_link_for_a_signed_out_visitor_asks_to_sign_in(
    client, recruiter, workspace, mailbox
):
    from app.extensions import db
    from app.workspaces import service

    issued = service.invite_member(
        recruiter, workspace.id, email="new@example.com", role="viewer"
    )
    db.session.commit()
    html = client.get(f"/workspaces/join/{issued.token}", headers=HTML).get_data(
        as_text=True
    )
    assert "Join Rita Recruiter" in html and "Sign in" in html
    newcomer = factories.make_user(email="new@example.com")
    portal = _login(client, newcomer)
    response = portal.post(
        f"/workspaces/join/{issued.token}", data={"csrf_token": _csrf(portal)}
    )
    assert response.status_code == 302
    assert (
        Membership.query.filter_by(
            workspace_id=workspace.id, user_id=newcomer.id, role="viewer"
        ).count()
        == 1
    )
    assert portal.get_cookie("viva_workspace").value == str(workspace.id)
    assert Workspace.query.count() == 2  # the newcomer's own, and Rita's
