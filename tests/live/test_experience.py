"""The candidate's rating of their interview: offered once it has ended, one per
session (the first kept), and read by the recruiter on the interview's analytics
without names."""

import pytest

from app.extensions import db
from app.invitations.tokens import consent_form_token
from app.live import conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.models import ExperienceRating, InterviewSession
from tests import factories


@pytest.fixture
def interview(recruiter):
    return factories.make_interview(factories.make_product(recruiter), status="active")


def ended_session(client, interview, name="Casey Candidate") -> InterviewSession:
    invitation, _ = factories.make_invitation(interview, name=name)
    session = conductor.start_session(invitation)
    session.status = "completed"
    db.session.commit()
    client.set_cookie(COOKIE_NAME, participant_token(session.id, session.invitation_id))
    return session


def rate(client, session, **form):
    token = consent_form_token(session.invitation.token_hash)
    return client.post("/interview/experience", data={"csrf_token": token, **form})


def test_the_room_offers_the_rating_and_the_first_one_is_kept(client, interview):
    session = ended_session(client, interview)
    room = client.get("/interview").get_data(as_text=True)
    assert "How was this interview for you?" in room
    assert 'name="rating" value="poor"' in room

    response = rate(client, session, rating="good", comment="  Clear questions.  ")
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.get_data(as_text=True)
    again = rate(client, session, rating="poor", comment="Changed my mind")
    assert again.status_code == 200
    rows = db.session.execute(db.select(ExperienceRating)).scalars().all()
    assert [(r.rating, r.comment, r.session_id) for r in rows] == [
        ("good", "Clear questions.", session.id)
    ]
    room = client.get("/interview").get_data(as_text=True)
    assert "Thank you for rating this interview." in room
    assert 'name="rating"' not in room


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Choose how the interview went for you."),
        ({"rating": "amazing"}, "Choose how the interview went for you."),
        ({"rating": "good", "comment": "x" * 1001}, "Longer than maximum length 1000."),
    ],
)
def test_a_bad_rating_shows_the_form_again_and_stores_nothing(
    client, interview, form, message
):
    session = ended_session(client, interview)
    response = rate(client, session, **form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'name="rating"' in html
    assert db.session.query(ExperienceRating).count() == 0


def test_before_the_end_and_without_a_cookie_nothing_is_stored(client, interview):
    invitation, _ = factories.make_invitation(interview)
    session = conductor.start_session(invitation)
    db.session.commit()
    assert (
        client.post("/interview/experience", data={"rating": "good"}).status_code == 401
    )
    client.set_cookie(COOKIE_NAME, participant_token(session.id, session.invitation_id))
    response = rate(client, session, rating="good")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/interview"
    )
    stale = client.post(
        "/interview/experience", data={"csrf_token": "forged", "rating": "good"}
    )
    assert stale.status_code == 302  # not rateable yet, whatever the token
    assert db.session.query(ExperienceRating).count() == 0


def test_a_stale_form_token_is_refused(client, interview):
    ended_session(client, interview)
    response = client.post(
        "/interview/experience", data={"csrf_token": "forged", "rating": "good"}
    )
    assert response.status_code == 401
    assert db.session.query(ExperienceRating).count() == 0


def test_recruiters_read_counts_and_unsigned_comments(
    client, api, recruiter, other_recruiter, interview
):
    for rating, comment in [("good", "Felt fair"), ("good", ""), ("poor", "Too long")]:
        session = ended_session(client, interview, name=f"Person {rating} {comment}")
        rate(client, session, rating=rating, comment=comment)
    api.login(recruiter)
    body = api.get(f"/api/v1/analytics/interviews/{interview.id}").json
    experience = body["experience"]
    assert {k: experience[k] for k in ("good", "okay", "poor", "rated")} == {
        "good": 2,
        "okay": 0,
        "poor": 1,
        "rated": 3,
    }
    assert experience["good_rate"] == 0.6667
    assert [(c["rating"], c["comment"]) for c in experience["comments"]] == [
        ("poor", "Too long"),
        ("good", "Felt fair"),
    ]
    assert "Person" not in str(experience)  # no names beside the ratings
    product = api.get(f"/api/v1/analytics/products/{interview.product_id}").json
    assert (
        product["experience"]["rated"] == 3 and "comments" not in product["experience"]
    )
    factories.page_login(client, recruiter)
    html = client.get(f"/portal/analytics/interviews/{interview.id}").get_data(
        as_text=True
    )
    assert "66.7%</strong> rated it good" in html and "Too long" in html
    api.login(other_recruiter)
    assert api.get(f"/api/v1/analytics/interviews/{interview.id}").status_code == 404
