"""An opening's interview quality, with exact figures on fixed data: completion,
median duration, ratings, drop-off by question; on the API and the page."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.live import conductor
from app.models import ExperienceRating, utcnow
from tests import factories
from tests.support.asserts import assert_error
from tests.support.hiring import make_opening, submit

HTML = {"Accept": "text/html"}
pytestmark = pytest.mark.interview(questions=3)

# (status, minutes taken when completed, question number it stopped at, rating, comment)
SESSIONS = [
    ("completed", 10, None, "good", "Clear questions."),
    ("completed", 15, None, "okay", ""),
    ("completed", 20, None, "good", ""),
    ("abandoned", None, 2, None, None),
    ("in_progress", None, 3, None, None),
    ("abandoned", None, None, None, None),  # left during the greeting
]


@pytest.fixture
def opening(recruiter, product, interview):
    """An opening with six applicants interviewed as in SESSIONS, one applicant not
    invited, and a direct invitation to the same interview (not the opening's)."""
    opening = make_opening(recruiter, product, interview_id=interview.id)
    start = utcnow() - timedelta(days=1)
    questions = interview.questions
    for number, (status, minutes, stopped_at, rating, comment) in enumerate(SESSIONS):
        application, _ = submit(opening, email=f"applicant{number}@example.org")
        invitation, _ = factories.make_invitation(interview, email=application.email)
        application.invitation_id = invitation.id
        _session(invitation, status, start, minutes, stopped_at, questions)
        if rating:
            db.session.add(
                ExperienceRating(
                    session_id=invitation.session.id,
                    interview_id=interview.id,
                    rating=rating,
                    comment=comment,
                )
            )
    submit(opening, email="waiting@example.org")  # applied, not invited
    direct, _ = factories.make_invitation(interview, email="direct@example.org")
    _session(direct, "abandoned", start, None, 1, questions)
    db.session.commit()
    return opening


def _session(invitation, status, start, minutes, stopped_at, questions):
    session = conductor.start_session(invitation)
    session.status = status
    session.started_at = start
    session.ended_at = start + timedelta(minutes=minutes) if minutes else None
    if status != "completed":
        session.current_question_id = (
            questions[stopped_at - 1].id if stopped_at else None
        )
    db.session.flush()
    return session


def _drop_off(number, reached, stopped, abandoned, in_progress):
    return {
        "number": number,
        "reached": reached,
        "stopped": stopped,
        "abandoned": abandoned,
        "in_progress": in_progress,
    }


def test_the_figures_are_exact(api, recruiter, opening):
    api.login(recruiter)
    response = api.get(f"/api/v1/jobs/{opening.id}/quality")
    assert response.status_code == 200
    body = response.get_json()
    assert {k: body[k] for k in ("invited", "started", "completed")} == {
        "invited": 6,
        "started": 6,
        "completed": 3,
    }
    assert (body["abandoned"], body["in_progress"]) == (2, 1)
    assert body["completion_rate"] == 0.5
    assert body["median_duration_seconds"] == 900.0
    assert body["ratings"] == {
        "good": 2,
        "okay": 1,
        "poor": 0,
        "rated": 3,
        "comments": 1,
        "good_rate": 0.6667,
    }
    rows = [
        {
            k: row[k]
            for k in ("number", "reached", "stopped", "abandoned", "in_progress")
        }
        for row in body["drop_off"]
    ]
    assert rows == [
        _drop_off(1, 5, 0, 0, 0),
        _drop_off(2, 5, 1, 1, 0),
        _drop_off(3, 4, 1, 0, 1),
    ]
    assert body["stopped_before_first_question"] == {"abandoned": 1, "in_progress": 0}


def test_an_opening_with_no_interviews_yet(api, recruiter, product):
    opening = make_opening(recruiter, product)
    api.login(recruiter)
    body = api.get(f"/api/v1/jobs/{opening.id}/quality").get_json()
    assert body["started"] == 0 and body["completion_rate"] is None
    assert body["median_duration_seconds"] is None
    assert body["ratings"]["good_rate"] is None


def test_another_workspace_gets_404(api, opening, other_recruiter):
    api.login(other_recruiter)
    assert_error(api.get(f"/api/v1/jobs/{opening.id}/quality"), 404, "NOT_FOUND")


def test_the_page_shows_the_figures(client, recruiter, opening):
    client.post("/login", data={"email": recruiter.email, "password": "Passw0rdOk"})
    html = client.get(f"/portal/openings/{opening.id}/quality", headers=HTML)
    text = html.get_data(as_text=True)
    assert html.status_code == 200
    for expected in (
        "Completion rate",
        "50%",
        "15 min",
        "3 rated · 1 with a comment",
        "Drop-off by question",
        '<td class="num">5</td>',
        "1 still in progress",
    ):
        assert expected in text, expected
    board = client.get(f"/portal/openings/{opening.id}", headers=HTML)
    assert f"/portal/openings/{opening.id}/quality" in board.get_data(as_text=True)
