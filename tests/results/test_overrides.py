"""A recruiter overrides one question's score with a reason: the AI's score stays
beside it, the override is audited, the session's overall and recommendation use it,
and the API, the report page and the CSV exports say which score is which."""

import csv
import io

import pytest

from app.extensions import db
from app.models import AuditEvent, Evaluation, InterviewSession
from tests import factories
from tests.support.asserts import assert_error
from tests.support.results_data import seed_results


@pytest.fixture
def seeded(recruiter):
    return seed_results(recruiter)


@pytest.fixture
def caller(api, recruiter):
    api.login(recruiter)
    return api


def second_question(seeded):
    return seeded.interview.questions[1].id


def url(session_id, question_id):
    return f"/api/v1/sessions/{session_id}/questions/{question_id}/score"


def test_an_override_keeps_the_ai_score_and_moves_the_overall(caller, seeded):
    ben, question_id = seeded.ben, second_question(seeded)
    assert (ben.overall_score, ben.recommendation) == (55.0, "consider")
    response = caller.put(
        url(ben.id, question_id),
        json={"score": 10, "reason": "  The REST design is right; ignore the noise. "},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["overall"], body["human_overall"], body["final_overall"]) == (
        6.0,
        10.0,
        10.0,
    )
    assert body["human_reason"] == "The REST design is right; ignore the noise."
    db.session.expire_all()
    session = db.session.get(InterviewSession, ben.id)
    # Competencies: (5 + 10) / 2 = 7.5 each, so 75/100 and the advance threshold.
    assert (session.overall_score, session.recommendation) == (75.0, "advance")
    event = AuditEvent.query.filter_by(action="evaluation.overridden").one()
    assert event.details["ai_score"] == 6.0 and event.details["to"] == 10.0
    assert event.details["from"] is None and "REST design" in event.details["reason"]
    # The session's report in the API lists both scores.
    report = caller.get(f"/api/v1/sessions/{ben.id}").get_json()
    overridden = [e for e in report["evaluations"] if e["human_overall"] is not None]
    assert [(e["overall"], e["human_overall"]) for e in overridden] == [(6.0, 10.0)]


def test_a_second_override_records_what_it_replaced(caller, seeded):
    ben, question_id = seeded.ben, second_question(seeded)
    for score in (9, 2):
        assert (
            caller.put(
                url(ben.id, question_id), json={"score": score, "reason": "Re-read it."}
            ).status_code
            == 200
        )
    events = (
        AuditEvent.query.filter_by(action="evaluation.overridden")
        .order_by(AuditEvent.id)
        .all()
    )
    assert [(e.details["from"], e.details["to"]) for e in events] == [
        (None, 9.0),
        (9.0, 2.0),
    ]
    db.session.expire_all()
    assert db.session.get(InterviewSession, ben.id).overall_score == 35.0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"score": 11, "reason": "Too high."}, "score"),
        ({"score": -1, "reason": "Too low."}, "score"),
        ({"score": "ten", "reason": "Words."}, "score"),
        ({"score": 7, "reason": "   "}, "reason"),
        ({"score": 7}, "reason"),
        ({"score": 7, "reason": "x" * 2001}, "reason"),
    ],
)
def test_bad_overrides_are_refused_and_change_nothing(caller, seeded, body, field):
    response = caller.put(url(seeded.ben.id, second_question(seeded)), json=body)
    assert_error(response, 422, "VALIDATION_ERROR")
    assert field in response.get_json()["error"]["details"]
    assert Evaluation.query.filter(Evaluation.human_overall.isnot(None)).count() == 0
    assert AuditEvent.query.filter_by(action="evaluation.overridden").count() == 0


def test_a_question_without_an_answer_is_not_found(caller, seeded):
    response = caller.put(
        url(seeded.cy.id, second_question(seeded)),
        json={"score": 5, "reason": "Never answered."},
    )
    assert_error(response, 404, "NOT_FOUND")


def test_the_exports_say_which_score_is_which(caller, seeded):
    caller.put(
        url(seeded.ben.id, second_question(seeded)),
        json={"score": 10, "reason": "Checked by hand."},
    )
    text = caller.get(
        f"/api/v1/interviews/{seeded.interview.id}/export/answers.csv"
    ).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    ben = [r for r in rows if r["candidate_name"].startswith("Ben")]
    assert [(r["ai_score"], r["human_score"], r["final_score"]) for r in ben] == [
        ("5.0", "", "5.0"),
        ("6.0", "10.0", "10.0"),
    ]
    assert ben[1]["human_reason"] == "Checked by hand."
    sessions = caller.get(
        f"/api/v1/interviews/{seeded.interview.id}/export/sessions.csv"
    ).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(sessions.lstrip("\ufeff"))))
    ben_row = next(r for r in rows if r["candidate_name"].startswith("Ben"))
    assert ben_row["human_overrides"] == "1"


def test_the_report_page_shows_both_scores_and_the_form_says_what_is_wrong(
    client, seeded, recruiter
):
    factories.page_login(client, recruiter)
    question_id = second_question(seeded)
    action = f"/portal/sessions/{seeded.ben.id}/questions/{question_id}/score"
    page = client.get(f"/portal/sessions/{seeded.ben.id}").get_data(as_text=True)
    assert action in page and "Override this score" in page
    csrf = client.get_cookie("csrf_access_token").value
    bad = client.post(action, data={"score": "12", "reason": "", "csrf_token": csrf})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert (
        "Give a score from 0 to 10." in html
        and '<details class="rs-override__form" open' in html
    )
    good = client.post(
        action, data={"score": "8.5", "reason": "Strong design.", "csrf_token": csrf}
    )
    assert good.status_code == 302
    page = client.get(f"/portal/sessions/{seeded.ben.id}").get_data(as_text=True)
    assert "Human score" in page and "AI score 6.0" in page
    assert "Strong design." in page
