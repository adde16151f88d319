"""CSV exports of results: exact contents, spreadsheet formulas defused, audited."""

import csv
import io

import pytest

from app.models import AuditEvent
from tests.support.results_data import ADA, BEN, CY, seed_results


@pytest.fixture
def seeded(recruiter):
    return seed_results(recruiter)


@pytest.fixture
def caller(api, recruiter):
    api.login(recruiter)
    return api


def download(caller, url):
    response = caller.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return response, list(csv.reader(io.StringIO(text[1:])))


def test_sessions_csv_has_one_row_per_candidate(caller, seeded):
    caller.patch(
        f"/api/v1/sessions/{seeded.ben.id}",
        json={"stage": "hold", "note": "=cmd|' /C calc'!A0"},
    )
    response, rows = download(
        caller, f"/api/v1/interviews/{seeded.interview.id}/export/sessions.csv"
    )
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="interview-{seeded.interview.id}-sessions.csv"'
    )
    header, *body = rows
    assert header == [
        "session_id",
        "candidate_name",
        "candidate_email",
        "status",
        "started_at",
        "ended_at",
        "duration_minutes",
        "scoring_status",
        "overall_score",
        "recommendation",
        "stage",
        "stage_note",
        "review_flags",
        "score_relevance",
        "score_completeness",
        "score_accuracy",
        "score_clarity",
        "strengths",
        "gaps",
        "summary",
        "human_overrides",
    ]
    ada, ben, cy = body
    assert ada == [
        str(seeded.ada.id),
        "Ada Lovelace",
        seeded.ada.invitation.email,
        "completed",
        seeded.ada.started_at.isoformat(),
        seeded.ada.ended_at.isoformat(),
        "20.0",
        "done",
        "85.0",
        "advance",
        "new",
        "",
        "",
        "8.5",
        "8.5",
        "8.5",
        "8.5",
        "Relevance; Completeness; Accuracy",
        "",
        "Ada answered 2 of 2 questions and scored 8.5 out of 10 (advance).",
        "0",
    ]
    assert ben[8:13] == [
        "55.0",
        "consider",
        "hold",
        "'=cmd|' /C calc'!A0",  # a formula would run in a spreadsheet: defused
        "possible_manipulation",
    ]
    assert ben[13:17] == ["5.5"] * 4
    assert cy[3:13] == ["in_progress", cy[4], "", "", "pending", "", "", "new", "", ""]
    assert cy[13:17] == ["3.0"] * 4  # its one scored answer so far


def test_answers_csv_has_one_row_per_answer_with_scores(caller, seeded):
    _response, rows = download(
        caller, f"/api/v1/interviews/{seeded.interview.id}/export/answers.csv"
    )
    header, *body = rows
    assert header == [
        "session_id",
        "candidate_name",
        "candidate_email",
        "question_number",
        "question_id",
        "question",
        "answer",
        "follow_ups",
        "evaluation_status",
        "overall",
        "relevance",
        "completeness",
        "accuracy",
        "clarity",
        "score_relevance",
        "score_completeness",
        "score_accuracy",
        "score_clarity",
        "flags",
        "feedback",
        "spread",
        "provider",
        "model",
        "rubric_version",
        "ai_score",
        "human_score",
        "human_reason",
        "final_score",
    ]
    summary = [(row[1], row[3], row[6], row[8], row[9], row[18]) for row in body]
    assert summary == [
        ("Ada Lovelace", "1", ADA[0], "scored", "8.0", ""),
        ("Ada Lovelace", "2", ADA[1], "scored", "9.0", ""),
        ("Ben Bitdiddle", "1", "'" + BEN[0], "scored", "5.0", ""),
        ("Ben Bitdiddle", "2", BEN[1], "scored", "6.0", "possible_manipulation"),
        ("Cy Dee", "1", CY[0], "scored", "3.0", ""),
    ]
    first = body[0]
    assert first[10:18] == ["8.0"] * 8
    assert first[19:24] == ["Feedback for 8.", "", "offline", "viva-offline-1", "1"]
    assert first[24:] == ["8.0", "", "", "8.0"]  # AI score, no override
    assert first[5] == seeded.interview.questions[0].text


def test_exports_are_audited(caller, seeded, recruiter):
    base = f"/api/v1/interviews/{seeded.interview.id}/export"
    download(caller, f"{base}/sessions.csv")
    download(caller, f"{base}/answers.csv")
    exported = AuditEvent.query.filter_by(action="interview.exported")
    events = exported.order_by(AuditEvent.id).all()
    assert [(e.actor_id, e.target_id, e.details) for e in events] == [
        (recruiter.id, seeded.interview.id, {"file": "sessions.csv", "rows": 3}),
        (recruiter.id, seeded.interview.id, {"file": "answers.csv", "rows": 5}),
    ]
