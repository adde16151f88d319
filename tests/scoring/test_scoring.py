"""Scoring jobs: queued when a question thread ends, claimed once, retried on provider
errors, reported when the interview ends; rubric versions pinned per session."""

from datetime import timedelta

import pytest

from app.ai.providers.gemini import GeminiProvider
from app.extensions import db
from app.interviews import service
from app.models import (
    AuditEvent,
    Evaluation,
    InterviewSession,
    RubricVersion,
    default_rubric,
    utcnow,
)
from app.results import service as results
from app.scoring import service as scoring
from app.scoring.report import build_report
from tests.fakes.gemini_server import Error, FakeGemini
from tests.support.evaluations import evaluation_reply
from tests.support.interviews import take_interview

pytestmark = pytest.mark.interview(
    questions=[
        {
            "text": "How would you design a REST API?",
            "key_points": ["status codes", "pagination"],
            "follow_up_budget": 0,
        },
        {
            "text": "A Flask page is slow. What do you do?",
            "key_points": ["measure", "profiling"],
            "follow_up_budget": 0,
        },
    ]
)

ANSWERS = [
    "I would model jobs, candidates and applications as resources, return 201 on "
    "creation and 422 with field errors for invalid input, and paginate every list.",
    "First I measure the request timings, then I profile the view. Last year the "
    "profile showed an N+1 query, so I added an index and cut the page to 180 ms.",
]


@pytest.fixture
def manual(queued_jobs):
    """Scoring jobs wait in the queue until the test runs them."""
    return queued_jobs


@pytest.fixture(scope="module")
def gemini():
    server = FakeGemini().start()
    yield server
    server.stop()


@pytest.fixture
def gemini_provider(gemini):
    gemini.reset()
    return GeminiProvider(
        api_key=gemini.api_key,
        model="gemini-2.5-flash",
        base_url=gemini.url,
        timeout_seconds=2,
        backoff=(0.01, 0.01),
    )


def evaluations(session_id):
    return (
        Evaluation.query.filter_by(session_id=session_id).order_by(Evaluation.id).all()
    )


def test_answers_are_scored_and_the_report_is_ready_when_the_interview_ends(
    interview,
):
    session = take_interview(interview, ANSWERS)
    assert session.status == "completed"
    assert session.scoring_status == "done"
    rows = evaluations(session.id)
    assert [e.status for e in rows] == ["scored", "scored"]
    assert all(e.provider == "offline" and e.rubric_version == 1 for e in rows)
    assert session.overall_score is not None and 0 <= session.overall_score <= 100
    assert session.recommendation in ("advance", "consider", "do_not_advance")
    assert session.summary.startswith("Casey answered 2 of 2 questions and scored")
    assert session.scored_at is not None and session.reviewed_at is None
    assert session.stage == "new"  # scores never move a candidate


def test_a_thread_is_queued_when_it_ends_and_scored_by_the_worker(interview, manual):
    session = take_interview(interview, ANSWERS[:1], finish=False)
    (row,) = evaluations(session.id)
    assert (row.status, row.attempts, row.question_id) == (
        "pending",
        0,
        interview.questions[0].id,
    )
    assert session.scoring_status == "pending"  # the interview is still running
    assert manual.pending() == ["score_answer"]

    assert manual.drain() == 1
    db.session.expire_all()
    assert evaluations(session.id)[0].status == "scored"
    assert db.session.get(InterviewSession, session.id).scoring_status == "pending"


def test_the_report_waits_for_every_answer(interview, manual):
    session = take_interview(interview, ANSWERS)
    assert session.scoring_status == "running"
    assert [e.status for e in evaluations(session.id)] == ["pending", "pending"]
    assert session.overall_score is None

    manual.drain()
    db.session.expire_all()
    session = db.session.get(InterviewSession, session.id)
    assert session.scoring_status == "done" and session.overall_score is not None


def test_a_claim_is_exclusive_and_a_stale_one_is_taken_again(interview, manual):
    session = take_interview(interview, ANSWERS[:1], finish=False)
    first = scoring.claim_next()
    assert first is not None
    assert scoring.claim_next() is None  # running, and not stale
    row = db.session.get(Evaluation, first)
    assert (row.status, row.attempts) == ("running", 1)

    # The process that claimed it died: after the claim timeout it is claimed again.
    row.claimed_at = utcnow() - timedelta(seconds=181)
    db.session.commit()
    assert scoring.claim_next() == first
    assert db.session.get(Evaluation, first).attempts == 2
    assert session.id == row.session_id


def test_provider_errors_are_retried_then_fail_and_can_be_scored_again(
    app, interview, manual, monkeypatch, gemini, gemini_provider, recruiter
):
    monkeypatch.setitem(app.config, "SCORING_RETRY_SECONDS", 0)
    session = take_interview(interview, ANSWERS[:1] + ANSWERS[1:])
    gemini.script(*[Error(503)] * 100)

    scoring.run_due(gemini_provider)
    db.session.expire_all()
    rows = evaluations(session.id)
    assert [(e.status, e.attempts) for e in rows] == [("failed", 3), ("failed", 3)]
    assert "503" in rows[0].error
    session = db.session.get(InterviewSession, session.id)
    assert session.scoring_status == "failed"
    assert session.overall_score is None and session.recommendation is None
    assert "could not be scored because the AI provider failed" in session.summary

    results.rescore_session(recruiter, session.id)
    db.session.commit()
    assert session.scoring_status == "running"
    gemini.reset()
    gemini.responder = evaluation_reply(8.0)
    scoring.run_due(gemini_provider)
    db.session.expire_all()
    session = db.session.get(InterviewSession, session.id)
    assert [e.status for e in evaluations(session.id)] == ["scored", "scored"]
    assert (session.scoring_status, session.overall_score) == ("done", 80.0)
    assert session.recommendation == "advance"
    assert AuditEvent.query.filter_by(action="session.rescored").count() == 1


def test_a_session_is_scored_against_the_rubric_it_started_with(
    interview, manual, recruiter
):
    first = take_interview(interview, ANSWERS[:1], finish=False, name="Early Bird")
    new_rubric = [
        {
            "key": "python",
            "name": "Python",
            "weight": 100,
            "anchors": {"1": "None", "3": "Some", "5": "Idiomatic"},
        }
    ]
    service.update_interview(recruiter, interview.id, rubric=new_rubric)
    db.session.commit()
    assert interview.rubric_version == 2

    manual.drain()
    db.session.expire_all()
    (early,) = evaluations(first.id)
    assert early.rubric_version == 1
    assert set(early.competency_scores) == {
        "relevance",
        "completeness",
        "accuracy",
        "clarity",
    }
    later = take_interview(interview, ANSWERS, name="Late Comer")
    manual.drain()
    db.session.expire_all()
    assert db.session.get(InterviewSession, later.id).rubric_version == 2
    assert {tuple(e.competency_scores) for e in evaluations(later.id)} == {("python",)}
    versions = RubricVersion.query.filter_by(interview_id=interview.id)
    assert {v.version: v.rubric for v in versions} == {
        1: default_rubric(),
        2: new_rubric,
    }


def test_a_rescore_with_nothing_to_redo_is_refused(interview, recruiter):
    session = take_interview(interview, ANSWERS)
    with pytest.raises(Exception, match="nothing to score again"):
        results.rescore_session(recruiter, session.id)


# ---------------------------------------------------------------- the report
RUBRIC = [
    {
        "key": "depth",
        "name": "Depth",
        "weight": 60,
        "anchors": {"1": "x", "3": "y", "5": "Explains the trade-offs."},
    },
    {
        "key": "clarity",
        "name": "Clarity",
        "weight": 40,
        "anchors": {"1": "x", "3": "y", "5": "Clear and structured."},
    },
]


def scored(depth, clarity, *, flags=(), position=1, missed=(), points=2):
    def item(value):
        if value is None:
            return {"score": None, "evidence": [], "status": "insufficient_evidence"}
        return {"score": value, "evidence": [f"quote {value}"], "status": "scored"}

    return {
        "status": "scored",
        "competency_scores": {"depth": item(depth), "clarity": item(clarity)},
        "overall": 6.0,
        "flags": list(flags),
        "key_points_missed": list(missed),
        "points": points,
        "position": position,
    }


def build(evaluations, total=4):
    return build_report(
        candidate_name="Robin Example",
        rubric=RUBRIC,
        evaluations=evaluations,
        questions_total=total,
        advance_threshold=7.5,
        consider_threshold=5.0,
    )


def test_the_report_weights_competencies_and_leaves_out_those_without_evidence():
    report = build(
        [
            scored(8, None, flags=["low_confidence"]),
            scored(6, 4, position=2, missed=["pagination", "caching"]),
            {
                **scored(None, None, position=3),
                "status": "needs_review",
                "flags": ["needs_review"],
            },
        ]
    )
    # depth: mean(8, 6) = 7.0; clarity: 4.0 (one answer); (60*7 + 40*4) / 100 = 5.8
    assert report["overall_score"] == 58.0
    assert report["recommendation"] == "consider"
    assert report["scoring_status"] == "needs_review"
    assert report["review_flags"] == ["low_confidence", "needs_review"]
    assert report["strengths"] == [
        {"competency": "depth", "name": "Depth", "score": 7.0, "evidence": "quote 8"}
    ]
    assert report["gaps"] == [
        {
            "competency": "clarity",
            "name": "Clarity",
            "score": 4.0,
            "suggestion": "Clarity scored 4 out of 10. Probe it in the next "
            "conversation; the 7-10 anchor reads “Clear and structured.”",
        },
        {
            "competency": None,
            "name": "Question 2",
            "score": 6.0,
            "suggestion": "The answer covered none of its key points: “pagination” "
            "and “caching”. Ask about them in a follow-up.",
        },
    ]
    assert report["summary"] == (
        "Robin answered 3 of 4 questions and scored 5.8 out of 10 (consider). "
        "Strongest: Depth (7 out of 10); weakest: Clarity (4 out of 10). 1 answer "
        "scored with low confidence (the samples disagreed). 1 answer could not be "
        "scored automatically."
    )


def test_a_competency_with_no_evidence_anywhere_is_excluded_not_zero():
    report = build([scored(9, None), scored(8, None, position=2)])
    assert report["overall_score"] == 85.0  # depth alone, not (60*8.5 + 40*0)
    assert report["recommendation"] == "advance"
    assert report["gaps"][0] == {
        "competency": "clarity",
        "name": "Clarity",
        "score": None,
        "suggestion": "No answer showed evidence of Clarity. Ask about it directly in "
        "the next conversation.",
    }


def test_no_evidence_at_all_needs_review_and_recommends_nothing():
    report = build([scored(None, None)], total=2)
    assert (report["overall_score"], report["recommendation"]) == (None, None)
    assert report["scoring_status"] == "needs_review"
    assert "no evidence for any competency" in report["summary"]


@pytest.mark.parametrize(
    "depth, clarity, expected",
    [
        (7.5, 7.5, "advance"),
        (7.4, 7.4, "consider"),
        (5, 5, "consider"),
        (4.9, 4.9, "do_not_advance"),
    ],
)
def test_recommendations_follow_the_thresholds(depth, clarity, expected):
    assert build([scored(depth, clarity)])["recommendation"] == expected
