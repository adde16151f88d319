"""Choosing notifications: the API (/api/v1/users/me/notifications) and the card on
the profile page; both validate, and change only the caller's own choices."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, NotificationSettings
from app.notifications import settings
from tests import factories
from tests.support.asserts import assert_error

URL = "/api/v1/users/me/notifications"
DEFAULTS = {
    "completion": "instant",
    "application": "digest",
    "threshold": "instant",
    "threshold_count": 10,
    "as_viewer": False,
    "digest_hour_utc": 8,
}


@pytest.fixture(autouse=True)
def digest_hour(app, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_DIGEST_HOUR", 8)


def test_defaults_then_a_change_that_keeps_the_rest(api, recruiter, other_recruiter):
    api.login(recruiter)
    assert api.get(URL).get_json() == DEFAULTS

    response = api.put(URL, json={"application": "instant", "threshold_count": 25})
    assert response.status_code == 200
    changed = {**DEFAULTS, "application": "instant", "threshold_count": 25}
    assert response.get_json() == changed
    assert api.get(URL).get_json() == changed
    assert settings.get_settings(other_recruiter) == settings.defaults()
    audit = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == recruiter.id)
    ).all()
    assert "user.notifications_changed" in audit


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"completion": "weekly"}, "completion"),
        ({"threshold": ""}, "threshold"),
        ({"threshold_count": 0}, "threshold_count"),
        ({"threshold_count": 10001}, "threshold_count"),
        ({"threshold_count": "12"}, "threshold_count"),
        ({"threshold_count": 2.5}, "threshold_count"),
        ({"as_viewer": "maybe"}, "as_viewer"),
        ({"as_viewer": 1}, "as_viewer"),
        ({"as_viewer": "true"}, "as_viewer"),
        ({"digest_hour_utc": 9}, "digest_hour_utc"),
    ],
)
def test_bad_choices_are_refused_with_the_field(api, recruiter, body, field):
    api.login(recruiter)
    error = assert_error(api.put(URL, json=body), 422, "VALIDATION_ERROR")
    assert field in error["details"]
    assert db.session.get(NotificationSettings, recruiter.id) is None


def test_a_body_that_is_not_an_object_is_refused(api, recruiter):
    api.login(recruiter)
    response = api.put(URL, data="[]", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.get_json()["error"]["code"] in (
        "INVALID_REQUEST",
        "VALIDATION_ERROR",
    )


def test_who_may_call_it(api, client):
    assert_error(client.get(URL), 401, "AUTH_ERROR")
    candidate = factories.make_user(role="candidate")
    api.login(candidate)
    assert_error(api.get(URL), 403, "FORBIDDEN")
    assert_error(api.put(URL, json={"completion": "off"}), 403, "FORBIDDEN")


def test_a_viewer_changes_their_own_choices(api, recruiter, other_recruiter):
    from app.models import Membership
    from app.ownership import current_workspace

    workspace = current_workspace(recruiter)
    db.session.add(
        Membership(workspace_id=workspace.id, user_id=other_recruiter.id, role="viewer")
    )
    db.session.commit()
    api.login(other_recruiter)
    response = api.put(
        URL,
        json={"as_viewer": True},
        headers={"X-Workspace-Id": str(workspace.id)},
    )
    assert response.status_code == 200
    assert response.get_json()["as_viewer"] is True


def _portal(client, user):
    response = client.post(
        "/login", data={"email": user.email, "password": factories.DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return client


def _csrf(client):
    return client.get_cookie("csrf_access_token").value


def test_the_profile_card_shows_and_saves_the_choices(client, recruiter):
    portal = _portal(client, recruiter)
    page = portal.get("/profile").get_data(as_text=True)
    assert 'id="notifications"' in page
    assert "Email notifications" in page
    assert "08:00 UTC" in page
    assert '<option value="digest" selected>' in page  # applications, by default

    response = portal.post(
        "/profile/notifications",
        data={
            "completion": "digest",
            "application": "off",
            "threshold": "instant",
            "threshold_count": "40",
            "as_viewer": "1",
            "csrf_token": _csrf(portal),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile#notifications")
    assert settings.get_settings(recruiter) == {
        "completion": "digest",
        "application": "off",
        "threshold": "instant",
        "threshold_count": 40,
        "as_viewer": True,
    }
    page = portal.get("/profile").get_data(as_text=True)
    assert 'value="40"' in page
    assert "Your notification choices have been saved." in page


def test_the_profile_card_says_what_is_wrong(client, recruiter):
    portal = _portal(client, recruiter)
    response = portal.post(
        "/profile/notifications",
        data={
            "completion": "instant",
            "application": "digest",
            "threshold": "instant",
            "threshold_count": "none",
            "csrf_token": _csrf(portal),
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "field--invalid" in page
    assert 'value="none"' in page
    assert db.session.get(NotificationSettings, recruiter.id) is None


def test_candidates_see_no_notification_card(client):
    candidate = factories.make_user(role="candidate")
    portal = _portal(client, candidate)
    assert "Email notifications" not in portal.get("/profile").get_data(as_text=True)
    response = portal.post(
        "/profile/notifications",
        data={"completion": "off", "csrf_token": _csrf(portal)},
    )
    assert response.status_code in (302, 403)
    assert db.session.get(NotificationSettings, candidate.id) is None
