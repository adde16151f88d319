"""The candidate's link: welcome and consent at /i/<token>, ready page, dead links."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Invitation, utcnow
from tests import factories

pytestmark = [
    pytest.mark.product(name="Acme Robotics"),
    pytest.mark.interview(
        questions=4,
        role_title="Platform Engineer",
        time_limit_minutes=35,
        persona_name="Robin",
    ),
]

HTML = {"Accept": "text/html"}


@pytest.fixture
def invited(interview):
    """A sent invitation and its link token."""
    return factories.make_invitation(
        interview, name="Jane Doe", email="jane@example.com"
    )


def reload(invitation) -> Invitation:
    return db.session.get(Invitation, invitation.id, populate_existing=True)


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def test_the_welcome_page_explains_the_interview(client, invited):
    invitation, token = invited
    response = client.get(f"/i/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in (
        "Your interview for Platform Engineer",
        "Hello Jane Doe",
        "Acme Robotics",
        "question",
        "35 min",
        "Your interviewer is an AI, Robin",
        "People at Acme Robotics decide",
        "How your data is used",
        'name="consent"',
    ):
        assert text in html, text
    assert re.search(
        r'class="fact__value">4</span><span class="fact__label">questions', html
    )
    assert "Log in" not in html  # candidates see no portal navigation


def test_candidate_pages_send_no_referrer_and_are_not_cached(client, invited):
    _, token = invited
    for path in (f"/i/{token}", f"/i/{token}/ready", "/i/unknown-token"):
        response = client.get(path)
        assert response.headers["Referrer-Policy"] == "no-referrer", path
        assert response.headers["Cache-Control"] == "no-store", path
        assert "noindex" in response.headers["X-Robots-Tag"], path


def test_opening_marks_the_invitation_opened_once(client, invited):
    invitation, token = invited
    client.get(f"/i/{token}")
    first = reload(invitation)
    assert first.status == "opened" and first.opened_at is not None
    opened_at = first.opened_at
    client.get(f"/i/{token}")
    assert reload(invitation).opened_at == opened_at
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["invitation.opened"]


def test_consent_without_the_checkbox_shows_an_error(client, invited):
    invitation, token = invited
    html = client.get(f"/i/{token}").get_data(as_text=True)
    response = client.post(f"/i/{token}", data={"csrf_token": form_token(html)})
    assert response.status_code == 422
    assert "Tick the box to agree before you continue." in response.get_data(
        as_text=True
    )
    assert reload(invitation).consented_at is None


def test_consent_with_the_checkbox_is_recorded_and_leads_to_the_ready_page(
    client, invited
):
    invitation, token = invited
    html = client.get(f"/i/{token}").get_data(as_text=True)
    response = client.post(
        f"/i/{token}", data={"csrf_token": form_token(html), "consent": "1"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/i/{token}/ready"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert reload(invitation).consented_at is not None
    ready = client.get(f"/i/{token}/ready")
    text = ready.get_data(as_text=True)
    assert ready.status_code == 200
    assert "You're ready, Jane Doe" in text and "Start the interview" in text
    # Coming back to the link later goes straight to the ready page.
    assert client.get(f"/i/{token}").headers["Location"] == f"/i/{token}/ready"
    actions = db.session.scalars(
        select(AuditEvent.action).order_by(AuditEvent.id)
    ).all()
    assert actions == ["invitation.opened", "invitation.consented"]


@pytest.mark.parametrize(
    "csrf_token", [None, "", "garbage", "other-invitation"], ids=str
)
def test_the_consent_form_needs_its_own_csrf_value(
    client, interview, invited, csrf_token
):
    invitation, token = invited
    if csrf_token == "other-invitation":
        _, other_token = factories.make_invitation(interview)
        csrf_token = form_token(client.get(f"/i/{other_token}").get_data(as_text=True))
    data = {"consent": "1"}
    if csrf_token is not None:
        data["csrf_token"] = csrf_token
    response = client.post(f"/i/{token}", data=data)
    assert response.status_code == 400
    assert "Please tick the box again." in response.get_data(as_text=True)
    assert reload(invitation).consented_at is None


def test_the_ready_page_needs_consent_first(client, invited):
    _, token = invited
    response = client.get(f"/i/{token}/ready")
    assert response.status_code == 302 and response.headers["Location"] == f"/i/{token}"


@pytest.mark.parametrize("path", ["/i/{token}", "/i/{token}/ready"])
def test_an_expired_link_is_410_with_a_clear_page(client, interview, path):
    invitation, token = factories.make_invitation(
        interview, expires_at=utcnow() - timedelta(minutes=5), consented_at=utcnow()
    )
    response = client.get(path.format(token=token))
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This invitation has expired" in html
    assert "Platform Engineer" in html and "Acme Robotics" in html
    assert "ask Acme Robotics to send you a new invitation" in html
    assert reload(invitation).status == "expired"


def test_a_revoked_link_is_410_even_on_post(client, interview):
    _, token = factories.make_invitation(
        interview, status="revoked", revoked_at=utcnow()
    )
    for response in (
        client.get(f"/i/{token}"),
        client.post(f"/i/{token}", data={"consent": "1"}),
    ):
        assert response.status_code == 410
        assert "This invitation was withdrawn" in response.get_data(as_text=True)


def test_an_unknown_token_is_404(client):
    for path in ("/i/not-a-real-token", "/i/" + "x" * 300, "/i/nothing/ready"):
        response = client.get(path)
        assert response.status_code == 404
        assert "This link is not valid" in response.get_data(as_text=True)


def test_a_replaced_link_is_unknown(client, interview, recruiter):
    from app.invitations import actions

    invitation, token = factories.make_invitation(interview)
    actions.resend_invitation(invitation, actor=recruiter)
    db.session.commit()
    assert client.get(f"/i/{token}").status_code == 404


def test_a_completed_interview_says_so(client, interview):
    _, token = factories.make_invitation(interview, status="completed")
    response = client.get(f"/i/{token}")
    assert response.status_code == 200
    assert "You already completed this interview" in response.get_data(as_text=True)


def test_a_closed_interview_is_410(client, interview, invited):
    _, token = invited
    interview.status = "closed"
    db.session.commit()
    response = client.get(f"/i/{token}")
    assert response.status_code == 410
    assert "This interview is closed" in response.get_data(as_text=True)


def test_candidate_text_is_escaped(client, recruiter):
    product = factories.make_product(recruiter, name="<i>Evil</i> Corp")
    interview = factories.make_interview(
        product, status="active", role_title="<b>Role</b>"
    )
    _, token = factories.make_invitation(interview, name="<script>x</script>")
    html = client.get(f"/i/{token}").get_data(as_text=True)
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "<i>Evil</i>" not in html and "<b>Role</b>" not in html


def test_a_started_interview_can_be_continued_from_the_link(app, client, interview):
    _, token = factories.make_invitation(
        interview, status="started", consented_at=utcnow(), opened_at=utcnow()
    )
    assert client.get(f"/i/{token}").headers["Location"] == f"/i/{token}/ready"
    html = client.get(f"/i/{token}/ready").get_data(as_text=True)
    assert "Welcome back, " in html
    if "live.candidate_start" in app.view_functions:
        assert f'action="/i/{token}/start"' in html
        assert "Continue the interview" in html
        assert form_token(html)
