"""Stage moves: every transition, audit rows with actor and note, the invitation sent
on "interview scheduled", bulk moves, the pipeline pages."""

import pytest

from app.extensions import db
from app.models import Application, AuditEvent, Invitation
from tests import factories
from tests.support.asserts import assert_error
from tests.support.hiring import make_opening, submit
from tests.support.mailbox import parse_console


@pytest.fixture
def opening(recruiter, product, interview):
    return make_opening(recruiter, product, interview_id=interview.id)


def _move(api, application, stage, note=""):
    return api.post(
        f"/api/v1/applications/{application.id}/stage",
        json={"stage": stage, "note": note},
    )


@pytest.mark.parametrize(
    "path",
    [
        ["under_review", "interview_scheduled", "selected"],
        ["under_review", "interview_scheduled", "rejected"],
        ["under_review", "rejected", "under_review"],
        ["rejected"],
    ],
)
def test_allowed_transitions_are_audited_with_actor_and_note(
    api, recruiter, opening, path
):
    application, _ = submit(opening)
    api.login(recruiter)
    for n, stage in enumerate(path):
        response = _move(api, application, stage, note=f"step {n}")
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["stage"] == stage
    events = (
        AuditEvent.query.filter_by(
            action="application.stage_changed", target_id=application.id
        )
        .order_by(AuditEvent.id)
        .all()
    )
    assert [e.details["to"] for e in events] == path
    assert [e.details["from"] for e in events] == ["applied", *path[:-1]]
    assert all(e.actor_id == recruiter.id for e in events)
    assert [e.details["note"] for e in events] == [
        f"step {n}" for n in range(len(path))
    ]


@pytest.mark.parametrize(
    "start, target",
    [
        ("applied", "interview_scheduled"),
        ("applied", "selected"),
        ("under_review", "selected"),
        ("selected", "rejected"),
        ("withdrawn", "under_review"),
    ],
)
def test_other_moves_are_refused_and_change_nothing(
    api, recruiter, opening, start, target
):
    application, _ = submit(opening)
    application.stage = start
    db.session.commit()
    api.login(recruiter)
    assert_error(_move(api, application, target), 409, "INTERACTION_ERROR")
    db.session.expire_all()
    assert db.session.get(Application, application.id).stage == start
    assert AuditEvent.query.filter_by(action="application.stage_changed").count() == 0


def test_withdrawn_is_the_applicants_not_the_recruiters(api, recruiter, opening):
    application, _ = submit(opening)
    api.login(recruiter)
    assert_error(_move(api, application, "withdrawn"), 422, "VALIDATION_ERROR")


def test_interview_scheduled_sends_the_ai_interview_invitation(
    api, recruiter, opening, interview, capsys
):
    application, _ = submit(opening)
    api.login(recruiter)
    _move(api, application, "under_review")
    capsys.readouterr()
    assert _move(api, application, "interview_scheduled").status_code == 200
    invitation = Invitation.query.filter_by(interview_id=interview.id).one()
    assert invitation.email == "ada@example.org"
    db.session.expire_all()
    assert db.session.get(Application, application.id).invitation_id == invitation.id
    mails = [m for m in parse_console(capsys.readouterr().out)]
    [mail] = [m for m in mails if m.to == "ada@example.org"]
    assert interview.role_title in mail.subject
    assert "/interview/" in mail.text or "/i/" in mail.text


def test_no_screening_interview_means_no_scheduling(api, recruiter, product):
    opening = make_opening(recruiter, product)
    application, _ = submit(opening)
    api.login(recruiter)
    _move(api, application, "under_review")
    error = assert_error(
        _move(api, application, "interview_scheduled"), 409, "INTERACTION_ERROR"
    )
    assert "screening interview" in error["message"]
    assert Invitation.query.count() == 0


def test_bulk_move_reports_what_could_not_move(api, recruiter, opening, product):
    first, _ = submit(opening, email="a@example.org")
    second, _ = submit(opening, email="b@example.org")
    second.stage = "selected"
    db.session.commit()
    other_opening = make_opening(recruiter, product, title="Other")
    elsewhere, _ = submit(other_opening, email="c@example.org")
    api.login(recruiter)
    response = api.post(
        f"/api/v1/openings/{opening.id}/applications/stage",
        json={
            "application_ids": [first.id, second.id, elsewhere.id],
            "stage": "under_review",
            "note": "bulk",
        },
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["moved"] == [first.id]
    assert set(body["problems"]) == {str(second.id), str(elsewhere.id)}
    db.session.expire_all()
    assert db.session.get(Application, elsewhere.id).stage == "applied"


def test_candidates_ranked_by_match(api, recruiter, opening):
    low, _ = submit(opening, email="low@example.org", expected_salary=500000)
    high, _ = submit(opening, email="high@example.org", location="Berlin")
    api.login(recruiter)
    items = api.get(f"/api/v1/jobs/{opening.id}/candidates?sort=match").get_json()
    scores = [item["match_score"] for item in items["items"]]
    assert scores == sorted(scores, reverse=True)
    assert items["items"][0]["id"] == high.id
    assert {p["key"] for p in items["items"][0]["match_parts"]} == {
        "skills",
        "level",
        "place",
        "salary",
    }


def test_pipeline_page_moves_a_card_with_a_button(client, recruiter, opening):
    application, _ = submit(opening)
    csrf = factories.page_login(client, recruiter)
    page = client.get(f"/portal/openings/{opening.id}")
    assert page.status_code == 200
    assert "Ada Lovelace" in page.get_data(as_text=True)
    response = client.post(
        f"/portal/applications/{application.id}/stage",
        data={"stage": "under_review", "back": "board", "csrf_token": csrf},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).stage == "under_review"
    detail = client.get(f"/portal/applications/{application.id}")
    text = detail.get_data(as_text=True)
    assert "Applied → Under review" in text
    assert "Rita Recruiter" in text


def test_job_stats(api, recruiter, opening, product):
    make_opening(recruiter, product, status="draft")
    first, _ = submit(opening, email="a@example.org")
    submit(opening, email="b@example.org")
    api.login(recruiter)
    _move(api, first, "under_review")
    stats = api.get("/api/v1/jobs/stats").get_json()
    assert stats["openings_by_status"] == {"draft": 1, "open": 1, "closed": 0}
    row = next(r for r in stats["applications"] if r["opening_id"] == opening.id)
    assert row["total"] == 2
    assert row["stages"]["applied"] == 1 and row["stages"]["under_review"] == 1
    assert stats["conversion"]["applied"] == 2
    assert stats["conversion"]["applied_to_review"] == 0.5
    assert stats["time_to_first_interview"] == {"count": 0, "median_hours": None}
