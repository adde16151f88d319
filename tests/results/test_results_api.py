"""Results API on a seeded data set: the candidates list (filters, sorts, pages), a
session's report, the stage decision (audited), scoring again, comparing answers."""

import pytest

from app.extensions import db
from app.models import AuditEvent, Evaluation, InterviewSession
from tests import factories
from tests.support.asserts import assert_error
from tests.support.results_data import ADA, first_sentence, seed_results


@pytest.fixture
def seeded(recruiter):
    return seed_results(recruiter)


@pytest.fixture
def caller(api, recruiter):
    api.login(recruiter)
    return api


def names(caller, seeded, query=""):
    body = caller.get(
        f"/api/v1/interviews/{seeded.interview.id}/sessions?{query}"
    ).get_json()
    return [item["candidate"]["name"].split()[0] for item in body["items"]]


def test_the_list_carries_scores_recommendations_stages_and_flags(caller, seeded):
    body = caller.get(
        f"/api/v1/interviews/{seeded.interview.id}/sessions?sort=-score"
    ).get_json()
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 3}
    summary = [
        (
            item["candidate"]["name"],
            item["overall_score"],
            item["recommendation"],
            item["stage"],
            item["status"],
            item["scoring_status"],
            item["review_flags"],
            item["seen"],
        )
        for item in body["items"]
    ]
    assert summary == [
        ("Ada Lovelace", 85.0, "advance", "new", "completed", "done", [], False),
        (
            "Ben Bitdiddle",
            55.0,
            "consider",
            "new",
            "completed",
            "done",
            ["possible_manipulation"],
            False,
        ),
        ("Cy Dee", None, None, "new", "in_progress", "pending", [], False),
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Cy", "Ben", "Ada"]),
        ("sort=date", ["Ada", "Ben", "Cy"]),
        ("sort=-score", ["Ada", "Ben", "Cy"]),
        ("sort=score", ["Ben", "Ada", "Cy"]),
        ("sort=-name", ["Cy", "Ben", "Ada"]),
        ("recommendation=advance", ["Ada"]),
        ("min_score=60", ["Ada"]),
        ("max_score=60", ["Ben"]),
        ("min_score=50&max_score=90&sort=name", ["Ada", "Ben"]),
        ("status=in_progress", ["Cy"]),
        ("scoring_status=pending", ["Cy"]),
        ("unseen=true&sort=name", ["Ada", "Ben"]),
        ("stage=reject", []),
    ],
)
def test_filters_and_sorts(caller, seeded, query, expected):
    assert names(caller, seeded, query) == expected


def test_date_filters_are_whole_days(caller, seeded):
    day = seeded.ben.started_at.date().isoformat()
    assert names(caller, seeded, f"started_from={day}&started_to={day}") == ["Ben"]
    assert names(caller, seeded, f"started_from={day}&sort=date") == ["Ben", "Cy"]


def test_pages(caller, seeded):
    url = f"/api/v1/interviews/{seeded.interview.id}/sessions?sort=name&per_page=2"
    first = caller.get(url).get_json()
    second = caller.get(url + "&page=2").get_json()
    assert [i["candidate"]["name"] for i in first["items"]] == [
        "Ada Lovelace",
        "Ben Bitdiddle",
    ]
    assert [i["candidate"]["name"] for i in second["items"]] == ["Cy Dee"]
    assert second["meta"] == {"page": 2, "per_page": 2, "total": 3}


@pytest.mark.parametrize(
    "query, field",
    [("sort=luck", "sort"), ("stage=maybe", "stage"), ("min_score=101", "min_score")],
)
def test_bad_filters_are_refused(caller, seeded, query, field):
    error = assert_error(
        caller.get(f"/api/v1/interviews/{seeded.interview.id}/sessions?{query}"),
        422,
        "VALIDATION_ERROR",
    )
    assert field in error["details"]


def test_the_report_has_transcript_evaluations_and_scoring_status(caller, seeded):
    body = caller.get(f"/api/v1/sessions/{seeded.ada.id}").get_json()
    assert (body["scoring_status"], body["overall_score"], body["recommendation"]) == (
        "done",
        85.0,
        "advance",
    )
    assert body["summary"] == (
        "Ada answered 2 of 2 questions and scored 8.5 out of 10 (advance)."
    )
    assert [s["competency"] for s in body["strengths"]] == [
        "relevance",
        "completeness",
        "accuracy",
    ]
    assert body["gaps"] == []
    assert [m["role"] for m in body["messages"]] == [
        "interviewer",
        "candidate",
        "interviewer",
        "candidate",
        "interviewer",
    ]
    first, second = body["evaluations"]
    assert [first["overall"], second["overall"]] == [8.0, 9.0]
    assert first["question_id"] == seeded.interview.questions[0].id
    assert first["competency_scores"]["accuracy"] == {
        "score": 8.0,
        "evidence": [first_sentence(ADA[0])],
        "status": "scored",
    }
    assert (first["relevance"], first["clarity"], first["status"]) == (
        8.0,
        8.0,
        "scored",
    )
    assert first["provider"] == "offline" and first["rubric_version"] == 1


def test_a_report_in_progress_says_so(caller, seeded):
    body = caller.get(f"/api/v1/sessions/{seeded.cy.id}").get_json()
    assert body["scoring_status"] == "pending"
    assert body["overall_score"] is None and body["summary"] == ""
    assert [e["overall"] for e in body["evaluations"]] == [3.0]


def test_the_recruiter_sets_the_stage_with_a_note_and_it_is_audited(
    caller, seeded, recruiter
):
    response = caller.patch(
        f"/api/v1/sessions/{seeded.ben.id}",
        json={"stage": "hold", "note": "  Strong on bugs; check the API answer.  "},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["stage"], body["stage_note"], body["seen"]) == (
        "hold",
        "Strong on bugs; check the API answer.",
        True,
    )
    assert body["stage_changed_at"] is not None
    event = AuditEvent.query.filter_by(action="session.stage_changed").one()
    assert (event.actor_id, event.target_type, event.target_id) == (
        recruiter.id,
        "InterviewSession",
        seeded.ben.id,
    )
    assert event.details == {
        "from": "new",
        "to": "hold",
        "note_length": len("Strong on bugs; check the API answer."),
    }
    caller.patch(f"/api/v1/sessions/{seeded.ben.id}", json={"stage": "reject"})
    assert names(caller, seeded, "stage=reject") == ["Ben"]
    assert AuditEvent.query.filter_by(action="session.stage_changed").count() == 2


@pytest.mark.parametrize(
    "body, field",
    [
        ({"stage": "fired"}, "stage"),
        ({}, "stage"),
        ({"stage": "advance", "note": "x" * 2001}, "note"),
    ],
)
def test_invalid_stage_changes_are_refused(caller, seeded, body, field):
    error = assert_error(
        caller.patch(f"/api/v1/sessions/{seeded.ada.id}", json=body),
        422,
        "VALIDATION_ERROR",
    )
    assert field in error["details"]
    db.session.expire_all()
    assert db.session.get(InterviewSession, seeded.ada.id).stage == "new"
    assert AuditEvent.query.filter_by(action="session.stage_changed").count() == 0


def test_scoring_again_needs_something_to_redo(caller, seeded):
    assert_error(
        caller.post(f"/api/v1/sessions/{seeded.ada.id}/rescore"),
        409,
        "INTERACTION_ERROR",
    )
    row = Evaluation.query.filter_by(session_id=seeded.ada.id).first()
    row.status, row.overall, row.flags = "needs_review", None, ["needs_review"]
    db.session.commit()

    response = caller.post(f"/api/v1/sessions/{seeded.ada.id}/rescore")
    assert response.status_code == 202
    # Inline in tests: the offline evaluator scored it again after the commit.
    body = caller.get(f"/api/v1/sessions/{seeded.ada.id}").get_json()
    assert body["scoring_status"] == "done"
    assert [e["status"] for e in body["evaluations"]] == ["scored", "scored"]
    assert body["evaluations"][0]["provider"] == "offline"


def test_compare_answers_to_one_question_best_first(caller, seeded):
    question = seeded.interview.questions[0]
    body = caller.get(
        f"/api/v1/interviews/{seeded.interview.id}/questions/{question.id}/answers"
    ).get_json()
    assert body["question"] == {"id": question.id, "text": question.text}
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 3}
    rows = [
        (
            item["candidate"]["name"],
            item["evaluation"]["overall"],
            item["follow_ups"],
            item["answers"][0][:12],
        )
        for item in body["items"]
    ]
    assert rows == [
        ("Ada Lovelace", 8.0, 0, "I rebuilt ou"),
        ("Ben Bitdiddle", 5.0, 0, '=HYPERLINK("'),
        ("Cy Dee", 3.0, 0, "I built a ch"),
    ]
    second = seeded.interview.questions[1]
    answered = caller.get(
        f"/api/v1/interviews/{seeded.interview.id}/questions/{second.id}/answers"
    ).get_json()
    assert [i["candidate"]["name"] for i in answered["items"]] == [
        "Ada Lovelace",
        "Ben Bitdiddle",
    ]


def test_compare_refuses_a_question_of_another_interview(caller, seeded, recruiter):
    other = factories.make_interview(factories.make_product(recruiter), questions=1)
    assert_error(
        caller.get(
            f"/api/v1/interviews/{seeded.interview.id}/questions/"
            f"{other.questions[0].id}/answers"
        ),
        404,
        "NOT_FOUND",
    )


def test_results_need_a_recruiter(api, seeded):
    assert_error(api.get(f"/api/v1/sessions/{seeded.ada.id}"), 401, "AUTH_ERROR")
    assert_error(
        api.get(f"/api/v1/interviews/{seeded.interview.id}/export/sessions.csv"),
        401,
        "AUTH_ERROR",
    )
