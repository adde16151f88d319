"""Practice pages: the dashboard starts a session in the room, the room ends early,
the feedback, stats, skill gaps and job description pages render."""

from app.extensions import db
from app.models import JobDescription, PracticeSession, User
from tests.factories import page_login
from tests.practice.conftest import run_session

HTML = {"Accept": "text/html"}


def test_dashboard_starts_a_session_in_the_room(client, candidate):
    csrf = page_login(client, candidate)
    page = client.get("/practice").get_data(as_text=True)
    assert "Start a practice interview" in page
    response = client.post(
        "/practice/sessions",
        data={
            "csrf_token": csrf,
            "track": "frontend",
            "company": "meta",
            "difficulty": "easy",
            "length": "3",
        },
    )
    assert response.status_code == 302
    practice = PracticeSession.query.one()
    assert response.headers["Location"] == f"/practice/sessions/{practice.id}/room"
    room = client.get(response.headers["Location"])
    assert room.status_code == 200
    assert "viva_participant" in room.headers.get("Set-Cookie", "")
    assert 'id="interview"' in room.get_data(as_text=True)
    ended = client.post(
        f"/practice/sessions/{practice.id}/end", data={"csrf_token": csrf}
    )
    assert ended.status_code == 302
    db.session.expire_all()
    assert db.session.get(PracticeSession, practice.id).status == "cancelled"


def test_dashboard_shows_form_errors(client, candidate):
    csrf = page_login(client, candidate)
    response = client.post(
        "/practice/sessions",
        data={"csrf_token": csrf, "track": "backend", "length": "12"},
    )
    assert response.status_code == 422
    assert PracticeSession.query.count() == 0


def test_feedback_stats_and_skill_gaps_pages(api, client, candidate):
    user_id = candidate.id
    api.login(candidate)
    session_id, _ = run_session(api, answer="I would add a cache.")
    assert (
        api.post(f"/api/v1/practice/sessions/{session_id}/finalize").status_code == 200
    )
    page_login(client, db.session.get(User, user_id))
    feedback = client.get(f"/practice/sessions/{session_id}").get_data(as_text=True)
    assert "Next steps" in feedback and "A strong answer" in feedback
    stats = client.get("/practice/stats").get_data(as_text=True)
    assert "Score over time" in stats and 'data-chart="trend"' in stats
    gaps = client.get("/practice/skill-gaps").get_data(as_text=True)
    assert "The answers that show it" in gaps and "I would add a cache." in gaps


def test_job_description_pages(client, candidate):
    csrf = page_login(client, candidate)
    saved = client.post(
        "/practice/job-descriptions",
        data={
            "csrf_token": csrf,
            "title": "Data analyst",
            "text": "SQL, dashboards and experiments for a retail company.",
        },
    )
    assert saved.status_code == 302
    record = JobDescription.query.one()
    assert "Data analyst" in client.get("/practice/job-descriptions").get_data(
        as_text=True
    )
    client.post(
        f"/practice/job-descriptions/{record.id}/delete", data={"csrf_token": csrf}
    )
    assert JobDescription.query.count() == 0
