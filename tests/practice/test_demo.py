"""`flask seed-demo` adds a practising candidate with finished sessions and prints
the login; running it again adds nothing."""

from app.models import PracticeSession, User
from app.practice.demo import DEMO_CANDIDATE


def test_seed_demo_adds_a_practising_candidate(app, client):
    first = app.test_cli_runner().invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    line = f"practice   {DEMO_CANDIDATE['email']} / {DEMO_CANDIDATE['password']}"
    assert line in first.output
    user = User.query.filter_by(email=DEMO_CANDIDATE["email"]).one()
    assert (user.role, user.email_verified_at is not None) == ("candidate", True)
    sessions = PracticeSession.query.filter_by(user_id=user.id).all()
    assert [s.status for s in sessions] == ["completed"] * 3
    assert all(s.feedback["answers"] and s.overall_score is not None for s in sessions)
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert PracticeSession.query.count() == 3
    login = client.post(
        "/api/v1/auth/login",
        json={"email": DEMO_CANDIDATE["email"], "password": DEMO_CANDIDATE["password"]},
    )
    token = login.get_json()["access_token"]
    stats = client.get(
        "/api/v1/practice/stats", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert stats["sessions_completed"] == 3 and len(stats["trend"]) == 3
