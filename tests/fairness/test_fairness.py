"""The fairness check: voluntary self-identification after the interview, kept apart
and never sent to a model; the admin's report of selection rates by group."""

import pytest

from app.extensions import db
from app.invitations.tokens import consent_form_token
from app.live import answers, conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.models import InterviewSession, SelfIdentification
from tests import factories
from tests.fakes.gemini_server import FakeGemini
from tests.support.evaluations import evaluation_reply
from tests.support.interviews import speak, take_interview

ANSWERS = [
    "I would model jobs and applications as resources and paginate every list.",
    "First I measure, then profile; an index cut the page to 180 ms.",
]


@pytest.fixture
def interview(recruiter):
    interview = factories.make_interview(
        factories.make_product(recruiter), questions=0, status="active"
    )
    for position in range(2):
        factories.make_question(
            interview, position=position, key_points=["measure"], follow_up_budget=0
        )
    return interview


def join_as(client, session: InterviewSession) -> None:
    """Give the test client the participant cookie of this session."""
    client.set_cookie(COOKIE_NAME, participant_token(session.id, session.invitation_id))


def answer_form(client, session, **answers):
    token = consent_form_token(session.invitation.token_hash)
    return client.post("/interview/about-you", data={"csrf_token": token, **answers})


def test_the_form_is_offered_only_after_the_interview_ends(client, interview):
    invitation, _ = factories.make_invitation(interview)
    session = conductor.start_session(invitation)
    db.session.commit()
    join_as(client, session)
    response = client.get("/interview/about-you")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/interview")

    session.status = "completed"
    db.session.commit()
    page = client.get("/interview/about-you")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "never sent to the AI" in text and "Prefer not to say" in text
    assert page.headers["Cache-Control"] == "no-store"


def test_without_the_participant_cookie_the_form_is_refused(client):
    response = client.get("/interview/about-you")
    assert response.status_code == 401
    assert SelfIdentification.query.count() == 0


def test_answers_are_stored_apart_once_and_a_second_send_replaces_them(
    client, interview
):
    session = take_interview(interview, ANSWERS)
    join_as(client, session)
    first = answer_form(client, session, gender="woman", age_band="35_44")
    assert first.status_code == 200 and "Thank you" in first.get_data(as_text=True)
    second = answer_form(client, session, gender="non_binary", disability="no")
    assert second.status_code == 200
    rows = SelfIdentification.query.all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.session_id, row.interview_id) == (session.id, interview.id)
    assert (row.gender, row.ethnicity, row.age_band, row.disability) == (
        "non_binary",
        None,
        None,
        "no",
    )


def test_an_unknown_choice_is_refused_with_the_form_and_nothing_stored(
    client, interview
):
    session = take_interview(interview, ANSWERS)
    join_as(client, session)
    response = answer_form(client, session, gender="robot", disability="yes")
    assert response.status_code == 422
    assert "Must be one of" in response.get_data(as_text=True)
    assert SelfIdentification.query.count() == 0


def test_a_stale_form_token_is_refused(client, interview):
    session = take_interview(interview, ANSWERS)
    join_as(client, session)
    response = client.post(
        "/interview/about-you", data={"csrf_token": "forged", "gender": "man"}
    )
    assert response.status_code == 401
    assert SelfIdentification.query.count() == 0


def seed_groups(interview, groups):
    """Finished sessions with self-ID: (gender, people, advanced, ai_advance)."""
    for gender, people, advanced, ai_advance in groups:
        for n in range(people):
            invitation, _ = factories.make_invitation(interview)
            session = InterviewSession(
                invitation_id=invitation.id,
                interview_id=interview.id,
                status="completed",
                stage="advance" if n < advanced else "reject",
                recommendation="advance" if n < ai_advance else "consider",
            )
            db.session.add(session)
            db.session.flush()
            db.session.add(
                SelfIdentification(
                    session_id=session.id, interview_id=interview.id, gender=gender
                )
            )
    db.session.commit()


def by_value(groups):
    return {group["value"]: group for group in groups}


def test_the_report_gives_rates_ratios_and_the_four_fifths_warning(
    api, admin, interview
):
    seed_groups(
        interview,
        [
            ("woman", 6, 3, 4),
            ("man", 10, 8, 6),
            ("non_binary", 2, 2, 2),
            ("prefer_not_to_say", 7, 0, 0),
        ],
    )
    api.login(admin)
    response = api.get(f"/api/v1/admin/fairness/interviews/{interview.id}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["respondents"] == 25
    assert (body["minimum_group"], body["threshold"]) == (5, 0.8)
    gender = by_value(body["dimensions"]["gender"])
    assert set(gender) == {"woman", "man", "non_binary"}  # "prefer not" not counted
    assert gender["woman"]["recruiter"] == {
        "selected": 3,
        "rate": 0.5,
        "impact_ratio": 0.625,
        "below_four_fifths": True,
    }
    assert gender["man"]["recruiter"]["impact_ratio"] == 1.0
    # AI: woman 4/6 = 0.6667 is the highest; man 6/10 = 0.6 -> 0.9, no warning.
    assert gender["woman"]["ai"]["impact_ratio"] == 1.0
    assert gender["man"]["ai"] == {
        "selected": 6,
        "rate": 0.6,
        "impact_ratio": 0.9,
        "below_four_fifths": False,
    }
    # Two people: suppressed, and left out of the highest rate (2/2 would be 1.0).
    assert gender["non_binary"] == {
        "value": "non_binary",
        "people": 2,
        "suppressed": True,
        "recruiter": None,
        "ai": None,
    }
    assert body["dimensions"]["ethnicity"] == []


def test_the_report_page_shows_the_warning(client, admin, interview):
    seed_groups(interview, [("woman", 5, 1, 1), ("man", 5, 5, 1)])
    factories.page_login(client, admin)
    page = client.get(f"/portal/admin/fairness/interviews/{interview.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "below 0.8" in text and "0.20" in text
    index = client.get("/portal/admin/fairness").get_data(as_text=True)
    assert interview.role_title in index


def test_only_admins_see_the_report(api, client, recruiter, interview):
    seed_groups(interview, [("woman", 5, 1, 1)])
    api.login(recruiter)
    path = f"/api/v1/admin/fairness/interviews/{interview.id}"
    assert api.get(path).status_code == 403
    assert api.client.get(path).status_code == 401
    factories.page_login(client, recruiter)
    assert client.get("/portal/admin/fairness").status_code == 403


def test_an_unknown_interview_is_404(api, admin):
    api.login(admin)
    response = api.get("/api/v1/admin/fairness/interviews/999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "NOT_FOUND"


def test_the_scorer_request_carries_no_self_identification(app, monkeypatch, interview):
    """Self-identification stored before any answer is scored (the strongest case)
    still never reaches the evaluator's requests."""
    fake = FakeGemini().start()
    try:
        fake.responder = evaluation_reply(7.0)
        for key, value in {
            "AI_PROVIDER": "gemini",
            "GEMINI_API_KEY": fake.api_key,
            "GEMINI_BASE_URL": fake.url,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        monkeypatch.setitem(app.extensions, "viva_ai_providers", {})
        invitation, _ = factories.make_invitation(interview)
        session = conductor.start_session(invitation)
        db.session.add(
            SelfIdentification(
                session_id=session.id,
                interview_id=interview.id,
                gender="another_gender",
                ethnicity="hispanic_or_latino",
                age_band="55_plus",
                disability="yes",
            )
        )
        db.session.commit()
        for number, answer in enumerate(ANSWERS):
            speak(session)
            answers.record_answer(session, f"fair-{number}", answer)
            db.session.commit()
        speak(session)
        db.session.expire_all()
        scored = db.session.get(InterviewSession, session.id)
        assert (scored.status, scored.scoring_status) == ("completed", "done")
        scoring_requests = [
            seen for seen in fake.requests if seen.method == "generateContent"
        ]
    finally:
        fake.stop()
    sent_bodies = [repr(seen.body).lower() for seen in scoring_requests]
    for answer in ANSWERS:  # each answer was scored through the fake
        assert any(answer[:40].lower() in sent for sent in sent_bodies)
    for sent in sent_bodies:
        for word in (
            "hispanic",
            "55_plus",
            "another_gender",
            "ethnicity",
            "age_band",
            "disability",
            "self_ident",
        ):
            assert word not in sent
