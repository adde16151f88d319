"""Workspace settings pages for API keys and webhooks: secrets shown once, revoke,
redeliver; the old profile addresses redirect to the current workspace's pages."""

import re

import pytest

from app.extensions import db
from app.integrations import webhooks
from app.models import ApiKey, WebhookDelivery, WebhookEndpoint
from app.ownership import current_workspace
from tests import factories


@pytest.fixture
def portal(client, recruiter):
    csrf = factories.page_login(client, recruiter)
    return client, csrf


@pytest.fixture
def settings(recruiter):
    """The recruiter's workspace settings address."""
    workspace = current_workspace(recruiter)
    db.session.commit()
    return f"/portal/workspaces/{workspace.id}"


def test_the_old_profile_addresses_lead_to_the_workspace_pages(portal, settings):
    client, _csrf = portal
    for old, new in (("api-keys", "api-keys"), ("webhooks", "webhooks")):
        response = client.get(f"/profile/{old}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"{settings}/{new}")


def test_a_key_created_on_the_page_is_shown_once(portal, settings):
    client, csrf = portal
    response = client.post(
        f"{settings}/api-keys",
        data={"csrf_token": csrf, "name": "Greenhouse", "scope_read": "1"},
    )
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    [raw_key] = re.findall(r"vk_[A-Za-z0-9_-]{40,}", page)
    assert ApiKey.query.one().scopes == ["read"]
    listing = client.get(f"{settings}/api-keys").get_data(as_text=True)
    assert (
        raw_key not in listing and "Greenhouse" in listing and "Never used" in listing
    )


def test_a_key_needs_a_scope_and_can_be_revoked(portal, settings):
    client, csrf = portal
    response = client.post(
        f"{settings}/api-keys", data={"csrf_token": csrf, "name": "No scope"}
    )
    assert response.status_code == 422 and ApiKey.query.count() == 0
    client.post(
        f"{settings}/api-keys",
        data={"csrf_token": csrf, "name": "CI", "scope_write": "1"},
    )
    key = ApiKey.query.one()
    response = client.post(
        f"{settings}/api-keys/{key.id}/revoke", data={"csrf_token": csrf}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert ApiKey.query.one().revoked_at is not None


def test_webhook_pages_show_the_secret_once_and_the_delivery_log(
    portal, recruiter, receiver, settings
):
    client, csrf = portal
    response = client.post(
        f"{settings}/webhooks",
        data={
            "csrf_token": csrf,
            "url": receiver.url,
            "event_interview.completed": "1",
        },
    )
    assert response.status_code == 201
    endpoint = WebhookEndpoint.query.one()
    assert endpoint.secret in response.get_data(as_text=True)
    assert endpoint.events == ["interview.completed"]
    receiver.secret = endpoint.secret
    receiver.script(500)
    webhooks.emit(recruiter, "interview.completed", {"session_id": 3})
    db.session.commit()
    page = client.get(f"{settings}/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "HTTP 500" in page and "interview.completed" in page
    assert endpoint.secret not in page
    delivery = WebhookDelivery.query.one()
    client.post(
        f"{settings}/webhooks/{endpoint.id}/deliveries/{delivery.id}/redeliver",
        data={"csrf_token": csrf},
    )
    db.session.expire_all()
    assert WebhookDelivery.query.one().status == "succeeded"
    assert all(request.verified for request in receiver.received)
    rotated = client.post(
        f"{settings}/webhooks/{endpoint.id}/rotate", data={"csrf_token": csrf}
    )
    db.session.expire_all()
    new_secret = db.session.get(WebhookEndpoint, endpoint.id).secret
    assert new_secret != receiver.secret and new_secret in rotated.get_data(
        as_text=True
    )


def test_other_people_s_endpoints_are_not_found(portal, other_recruiter):
    client, _csrf = portal
    endpoint = webhooks.create_endpoint(
        other_recruiter, url="https://hooks.example.com/x", events=["evaluation.ready"]
    )
    db.session.commit()
    assert client.get(f"{settings}/webhooks/{endpoint.id}").status_code == 404
