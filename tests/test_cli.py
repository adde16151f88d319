"""Flask commands: the demo seed and create-admin."""

import re

from app.demo import DEMO_ADMIN, DEMO_RECRUITER
from app.extensions import db
from app.models import (
    Category,
    Interview,
    InterviewSession,
    Invitation,
    Product,
    Question,
    User,
)
from tests import factories
from tests.factories import page_login
from tests.support.interviews import take_interview


def _hiring(model):
    """Rows of the recruiter side: the demo candidate's practice interviews (which run
    on the same engine, under their own product) are counted in tests/practice."""
    query = db.session.query(model)
    if model is Product:
        return query.join(User, Product.owner_id == User.id).filter(
            User.role != "candidate"
        )
    if model is Interview:
        return query.filter(
            Interview.product_id.in_(_hiring(Product).with_entities(Product.id))
        )
    if model is Question:
        return query.filter(
            Question.interview_id.in_(_hiring(Interview).with_entities(Interview.id))
        )
    if model is InterviewSession:
        return query.filter(
            InterviewSession.interview_id.in_(
                _hiring(Interview).with_entities(Interview.id)
            )
        )
    return query


def _counts():
    return [
        _hiring(model).count()
        for model in (User, Category, Product, Interview, Question)
    ]


def test_seed_demo_creates_everything_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert (
        DEMO_ADMIN["email"] in first.output
        and DEMO_RECRUITER["password"] in first.output
    )
    counts = _counts()
    # admin, recruiter, domain expert, practising candidate
    assert counts == [4, 1, 1, 1, 4]
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "Already present" in second.output
    assert _counts() == counts
    interview = _hiring(Interview).one()
    assert interview.status == "active"
    assert all(q.approved for q in interview.questions)
    assert User.query.filter_by(email=DEMO_ADMIN["email"]).one().role == "admin"


def test_seed_demo_prints_a_working_candidate_link(app, client):
    first = app.test_cli_runner().invoke(args=["seed-demo"]).output
    link = next(word for word in first.split() if "/i/" in word)
    token = link.rsplit("/i/", 1)[1]
    page = client.get(f"/i/{token}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Backend Engineer (Python)" in html
    # The demo product is branded (app/branding/demo.py): its logo is served.
    logo_url = re.search(r'class="brand__logo" src="([^"]+)"', html)[1]
    assert client.get(logo_url).mimetype == "image/png"
    assert "--color-primary: #0f766e;" in html
    second = app.test_cli_runner().invoke(args=["seed-demo"]).output
    new_link = next(word for word in second.split() if "/i/" in word)
    assert new_link != link
    assert client.get(f"/i/{token}").status_code == 404  # the old demo link is replaced
    assert sum(i.email.startswith("demo.candidate") for i in Invitation.query) == 1


def test_seed_demo_includes_a_finished_scored_interview(app, client, queued_jobs):
    # Scored by the command itself, whether or not anything consumes the queue.
    output = app.test_cli_runner().invoke(args=["seed-demo"]).output
    session = _hiring(InterviewSession).one()
    assert (session.status, session.scoring_status) == ("completed", "done")
    assert session.invitation.name == "Jordan Example"
    assert session.overall_score > 75 and session.recommendation == "advance"
    assert [e.status for e in session.evaluations] == ["scored"] * 4
    assert f"/portal/sessions/{session.id}" in output
    page_login(
        client,
        User.query.filter_by(email=DEMO_RECRUITER["email"]).one(),
        DEMO_RECRUITER["password"],
    )
    report = client.get(f"/portal/sessions/{session.id}").get_data(as_text=True)
    assert "Jordan Example" in report and '<mark class="rs-evidence">' in report
    app.test_cli_runner().invoke(args=["seed-demo"])
    assert _hiring(InterviewSession).count() == 1  # seeded once


def test_demo_logins_work(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    for account in (DEMO_ADMIN, DEMO_RECRUITER):
        response = client.post(
            "/api/v1/auth/login",
            json={"email": account["email"], "password": account["password"]},
        )
        assert response.status_code == 200


def test_create_admin(app, client):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            "Boss@Example.com",
            "--username",
            "boss",
            "--full-name",
            "The Boss",
            "--password",
            "Sup3rSecret",
        ]
    )
    assert result.exit_code == 0, result.output
    user = User.query.filter_by(email="boss@example.com").one()
    assert user.role == "admin"
    assert user.email_verified_at is not None  # the operator vouches for it
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "boss@example.com", "password": "Sup3rSecret"},
    )
    assert login.status_code == 200


def test_create_admin_rejects_weak_input(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            "nope",
            "--username",
            "b",
            "--full-name",
            "The Boss",
            "--password",
            "weak",
        ]
    )
    assert result.exit_code != 0
    assert "email" in result.output and "password" in result.output
    assert User.query.count() == 0


def test_create_admin_promotes_an_existing_account(app, recruiter):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            recruiter.email,
            "--username",
            "whatever",
            "--full-name",
            "Rita Recruiter",
            "--password",
            "Pr0motedPass",
        ]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(User, recruiter.id).role == "admin"
    assert User.query.count() == 1


def test_jobs_run_due_scores_what_is_due(app, recruiter, queued_jobs):
    # The jobs wait in the queue, as in a web process that leaves them to workers.
    interview = factories.make_interview(
        factories.make_product(recruiter), questions=1, status="active"
    )
    interview.questions[0].follow_up_budget = 0
    db.session.commit()
    session = take_interview(
        interview, ["I profiled the view, found an N+1 query and added an index."]
    )
    assert session.status == "completed" and session.scoring_status == "running"
    assert [e.status for e in session.evaluations] == ["pending"]

    result = app.test_cli_runner().invoke(args=["jobs", "run-due"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Scored 1 answers; sent 0 of 0 due emails."
    db.session.expire_all()
    session = db.session.get(InterviewSession, session.id)
    assert [e.status for e in session.evaluations] == ["scored"]
    # The report is made: the offline evaluator credits an on-topic answer even to a
    # question without key points.
    assert session.scoring_status == "done" and session.overall_score is not None
    again = app.test_cli_runner().invoke(args=["jobs", "run-due"])
    assert again.output.startswith("Scored 0 answers;")
    # scoring finds nothing left; the receipt and the recruiter's notification go
    assert queued_jobs.drain() == 4
    db.session.expire_all()
    assert [e.attempts for e in session.evaluations] == [1]


def test_the_demo_recruiter_can_invite_candidates_right_away(app, client):
    """make run's recruiter has a confirmed email, so inviting works at once."""
    app.test_cli_runner().invoke(args=["seed-demo"])
    login = client.post(
        "/api/v1/auth/login",
        json={"email": DEMO_RECRUITER["email"], "password": DEMO_RECRUITER["password"]},
    ).get_json()
    interview = _hiring(Interview).one()
    response = client.post(
        f"/api/v1/interviews/{interview.id}/invitations",
        json={"email": "someone@example.com", "name": "Some One"},
        headers={"Authorization": f"Bearer {login['access_token']}"},
    )
    assert response.status_code == 201, response.get_json()
