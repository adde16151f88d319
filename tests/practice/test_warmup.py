"""The invited candidate's warm-up: offered on the welcome page, two bank questions of
the closest track, no account, and nothing kept: the invitation is not opened,
started or consumed, no session, message or score exists, and the recruiter's pages
and analytics show nothing of it."""

import pytest

from app.extensions import db
from app.invitations.tokens import consent_form_token
from app.models import (
    AuditEvent,
    Interview,
    InterviewSession,
    Message,
    PracticeSession,
)
from app.practice.warmup import closest_track
from tests import factories
from tests.factories import page_login

pytestmark = pytest.mark.usefixtures("loaded_bank")
HTML = {"Accept": "text/html"}
SECRET = "My warm-up answer mentions zebra-striped caches on purpose."


@pytest.fixture
def invited(interview):
    interview.role_title = "Senior Backend Engineer"
    db.session.commit()
    return factories.make_invitation(interview, name="Lee Park")


def _tables_count():
    return (
        InterviewSession.query.count(),
        Message.query.count(),
        PracticeSession.query.count(),
    )


def test_the_welcome_page_offers_the_warm_up(client, invited):
    _, token = invited
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert f'href="/i/{token}/warm-up"' in page and "Warm up with 2 questions" in page


def test_two_questions_answered_and_shown_back_leave_no_trace(
    client, recruiter, interview, invited, api
):
    invitation, token = invited
    status, audits = invitation.status, AuditEvent.query.count()
    first = client.get(f"/i/{token}/warm-up")
    assert first.status_code == 200
    assert first.headers["Referrer-Policy"] == "no-referrer"
    assert first.headers["Cache-Control"] == "no-store"
    assert "Warm-up question 1 of 2" in first.get_data(as_text=True)
    assert "Backend engineer" in first.get_data(as_text=True)
    form = {"csrf_token": consent_form_token(invitation.token_hash)}
    for step in (0, 1):
        answered = client.post(
            f"/i/{token}/warm-up", data={**form, "step": step, "answer": SECRET}
        )
        page = answered.get_data(as_text=True)
        assert answered.status_code == 200
        assert SECRET in page and "What a strong answer covers" in page
    done = client.get(f"/i/{token}/warm-up?step=2").get_data(as_text=True)
    assert "You're warmed up" in done
    # Nothing was kept, and the invitation is as it was.
    db.session.expire_all()
    assert _tables_count() == (0, 0, 0)
    assert invitation.status == status and invitation.consented_at is None
    assert AuditEvent.query.count() == audits
    # The real interview still starts from the same link.
    assert client.get(f"/i/{token}").status_code == 200
    # The recruiter sees no session and no trace of the answer; analytics neither.
    page_login(client, recruiter)
    for url in (
        f"/portal/interviews/{interview.id}",
        f"/portal/interviews/{interview.id}/candidates",
    ):
        assert SECRET not in client.get(url).get_data(as_text=True)
    api.login(recruiter)
    figures = api.get(f"/api/v1/analytics/interviews/{interview.id}").get_json()
    assert figures["sessions"] == {"in_progress": 0, "completed": 0, "abandoned": 0}


def test_an_empty_answer_or_a_stale_form_is_refused_with_a_message(client, invited):
    invitation, token = invited
    form = {"csrf_token": consent_form_token(invitation.token_hash), "step": 0}
    empty = client.post(f"/i/{token}/warm-up", data={**form, "answer": "  "})
    assert empty.status_code == 422
    assert "Type an answer, or skip" in empty.get_data(as_text=True)
    stale = client.post(
        f"/i/{token}/warm-up", data={"csrf_token": "x", "step": 0, "answer": "Hi"}
    )
    assert "open too long" in stale.get_data(as_text=True)


def test_a_link_that_cannot_be_used_has_no_warm_up(client, interview):
    _, token = factories.make_invitation(interview, status="revoked")
    response = client.get(f"/i/{token}/warm-up")
    assert response.status_code == 302 and response.headers["Location"] == f"/i/{token}"
    assert client.get("/i/not-a-real-token/warm-up", headers=HTML).status_code == 404


@pytest.mark.parametrize(
    "role, seniority, track",
    [
        ("Senior Backend Engineer", "senior", "backend"),
        ("Frontend Developer", "mid", "frontend"),
        ("Data Analyst", "junior", "data_science"),
        ("Product Manager, Payments", "mid", "product_management"),
        ("Software Engineer", "intern", "swe_new_grad"),
        ("Software Engineer", "senior", "swe_experienced"),
        ("Customer Success Lead", "lead", "behavioral"),
    ],
)
def test_the_closest_track(role, seniority, track):
    interview = Interview(role_title=role, seniority=seniority, skills=[])
    assert closest_track(interview) == track


def _question(client, token, step=0) -> str:
    page = client.get(f"/i/{token}/warm-up?step={step}").get_data(as_text=True)
    return page.split('class="warmup-question">')[1].split("</p>")[0]


def test_the_same_invitation_gets_the_same_two_questions(client, invited):
    _, token = invited
    first, second = _question(client, token, 0), _question(client, token, 1)
    assert first != second
    assert (_question(client, token, 0), _question(client, token, 1)) == (first, second)
