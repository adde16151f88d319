"""A recruiter copies a candidate's link from the invitations list.

Links are stored only as hashes, so an existing link cannot be shown again: "Copy a
new link" issues a fresh one, shows it once, and the earlier link stops working.
"""

import re

import pytest

from app.extensions import db
from app.invitations import links
from app.models import AuditEvent, Invitation
from tests import factories


@pytest.fixture
def interview(recruiter):
    product = factories.make_product(recruiter, name="Acme Robotics")
    return factories.make_interview(
        product, role_title="Platform Engineer", status="active"
    )


@pytest.fixture
def browser(client, recruiter):
    client.csrf = factories.page_login(client, recruiter)
    return client


def test_a_new_link_is_shown_once_and_replaces_the_old_one(browser, interview, capsys):
    invitation, old_token = factories.make_invitation(
        interview, email="ann@example.com", status="failed", last_error="SMTP down"
    )
    listing = browser.get(f"/portal/interviews/{interview.id}/invitations")
    assert "Copy a new link" in listing.get_data(as_text=True)
    capsys.readouterr()

    response = browser.post(
        f"/portal/invitations/{invitation.id}/new-link",
        data={"csrf_token": browser.csrf},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    new_token = re.search(r'value="http://[^"]+/i/([^"]+)" readonly', html)[1]
    assert links.find_by_token(new_token).id == invitation.id
    assert links.find_by_token(old_token) is None
    assert "shows the link once" in html
    # Nothing was emailed, and no queued email can go out with a dead link.
    assert "----- email" not in capsys.readouterr().out
    assert db.session.get(Invitation, invitation.id).status == "sent"
    assert AuditEvent.query.filter_by(action="invitation.link_issued").count() == 1


def test_no_link_for_a_revoked_or_someone_elses_invitation(
    browser, interview, other_recruiter
):
    revoked, _ = factories.make_invitation(interview, status="revoked")
    response = browser.post(
        f"/portal/invitations/{revoked.id}/new-link", data={"csrf_token": browser.csrf}
    )
    assert response.status_code == 302
    others = factories.make_interview(
        factories.make_product(other_recruiter), status="active"
    )
    theirs, _ = factories.make_invitation(others)
    response = browser.post(
        f"/portal/invitations/{theirs.id}/new-link", data={"csrf_token": browser.csrf}
    )
    assert response.status_code == 404
