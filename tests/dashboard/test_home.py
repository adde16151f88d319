"""The portal's home: what needs the recruiter now, and only theirs."""

from datetime import timedelta

from app.extensions import db
from app.live import conductor
from app.meetings import service as meetings
from app.models import utcnow
from app.rights import review_requests
from tests import factories
from tests.support.hiring import make_opening, submit

HTML = {"Accept": "text/html"}


def seed(owner, label: str):
    interview = factories.make_interview(
        factories.make_product(owner, name=f"{label} product"),
        role_title=f"{label} role",
        status="active",
    )
    scored, _ = factories.make_invitation(interview, name=f"{label} Scored")
    session = conductor.start_session(scored)
    session.status, session.scored_at, session.overall_score = "completed", utcnow(), 82
    seen, _ = factories.make_invitation(interview, name=f"{label} Seen")
    reviewed = conductor.start_session(seen)
    reviewed.scored_at = reviewed.reviewed_at = utcnow()
    factories.make_invitation(
        interview, name=f"{label} Expiring", expires_at=utcnow() + timedelta(hours=20)
    )
    factories.make_invitation(
        interview, name=f"{label} Later", expires_at=utcnow() + timedelta(days=6)
    )
    meetings.schedule(
        owner,
        session.id,
        {"starts_at": utcnow() + timedelta(days=1), "duration_minutes": 45},
    )
    db.session.commit()
    return interview


def test_home_lists_what_needs_attention_and_only_mine(
    client, recruiter, other_recruiter
):
    seed(recruiter, "Mine")
    seed(other_recruiter, "Theirs")
    factories.page_login(client, recruiter)
    html = client.get("/portal", headers=HTML).get_data(as_text=True)
    assert "Mine Scored" in html and "8.2/10" in html  # new result to review
    assert "Mine Seen" not in html  # opened already
    assert "Mine Expiring" in html and "Mine Later" not in html
    assert "join link" in html  # the meeting tomorrow
    # One line per active interview: 4 invited, 2 started, 1 completed, 1 to review.
    assert "4 invited → 2 started → 1 completed" in html and "1 to review" in html
    assert "Theirs" not in html


def test_candidates_asking_and_applications_come_first(
    client, recruiter, other_recruiter
):
    interview = seed(recruiter, "Mine")
    invitation, _ = factories.make_invitation(interview, name="Asking Person")
    review_requests.create_request(invitation, "human_review", "Please.")
    opening = make_opening(recruiter, interview.product, title="Platform Engineer")
    submit(opening, email="grace@example.org", name="Grace Applicant")
    theirs = seed(other_recruiter, "Theirs")
    submit(
        make_opening(other_recruiter, theirs.product),
        email="x@example.org",
        name="Their Applicant",
    )
    db.session.commit()
    factories.page_login(client, recruiter)
    html = client.get("/portal", headers=HTML).get_data(as_text=True)
    assert "Asking Person" in html and "asked for a person" in html
    assert "Grace Applicant" in html and "Platform Engineer" in html
    assert html.index("Candidates asking") < html.index("New results to review")
    assert "Their Applicant" not in html
