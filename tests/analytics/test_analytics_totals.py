"""Running score totals per question stay equal to what the evaluations hold, however
the evaluations are written: ORM inserts, updates, deletes, bulk inserts, cascades."""

import pytest
from sqlalchemy import delete, insert, select

from app.analytics import recount
from app.extensions import db
from app.live import conductor
from app.models import (
    OVERALL_KEY,
    Evaluation,
    InterviewSession,
    QuestionScoreTotal,
)
from tests import factories
from tests.support import analytics_data


def scores(**values) -> dict:
    """competency_scores with a score per key (None: insufficient evidence)."""
    return {
        key: {
            "score": value,
            "evidence": [] if value is None else ["quote"],
            "status": "insufficient_evidence" if value is None else "scored",
        }
        for key, value in values.items()
    }


def stored(question_id: int) -> dict:
    rows = db.session.scalars(
        select(QuestionScoreTotal).where(QuestionScoreTotal.question_id == question_id)
    )
    return {
        row.competency_key: (
            row.evaluations,
            row.scored,
            row.insufficient,
            round(row.total, 6),
            round(row.total_squares, 6),
        )
        for row in rows
    }


@pytest.fixture
def setup(recruiter):
    """An interview with two questions and three candidate sessions."""
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, questions=2, status="active")
    sessions = []
    for _ in range(3):
        invitation, _token = factories.make_invitation(interview)
        sessions.append(conductor.start_session(invitation))
    db.session.commit()
    return interview.questions, sessions


def evaluate(session, question, overall, **competencies) -> Evaluation:
    evaluation = Evaluation(
        session_id=session.id,
        question_id=question.id,
        competency_scores=scores(**competencies),
        overall=overall,
        provider="offline",
    )
    db.session.add(evaluation)
    db.session.commit()
    return evaluation


def test_an_orm_insert_adds_its_scores(setup):
    (first, _second), (one, two, _three) = setup
    evaluate(one, first, 6.0, relevance=6.0, clarity=None)
    evaluate(two, first, 8.0, relevance=9.0, clarity=7.0)
    assert stored(first.id) == {
        OVERALL_KEY: (2, 2, 0, 14.0, 100.0),
        "relevance": (2, 2, 0, 15.0, 117.0),
        "clarity": (2, 1, 1, 7.0, 49.0),
    }
    assert recount.stale_questions([first.id]) == set()


def test_a_rolled_back_insert_adds_nothing(setup):
    (first, _second), (one, _two, _three) = setup
    db.session.add(
        Evaluation(
            session_id=one.id,
            question_id=first.id,
            competency_scores=scores(relevance=5.0),
            overall=5.0,
            provider="offline",
        )
    )
    db.session.flush()
    assert stored(first.id)[OVERALL_KEY][0] == 1
    db.session.rollback()
    assert stored(first.id) == {}


def test_an_update_swaps_the_old_scores_for_the_new(setup):
    (first, second), (one, two, _three) = setup
    evaluate(one, first, 6.0, relevance=6.0)
    changed = evaluate(two, first, 8.0, relevance=8.0)
    assert changed.overall == 8.0  # loaded: the old values are known
    changed.overall = 2.0
    changed.competency_scores = scores(relevance=None)
    db.session.commit()
    assert stored(first.id) == {
        OVERALL_KEY: (2, 2, 0, 8.0, 40.0),
        "relevance": (2, 1, 1, 6.0, 36.0),
    }
    assert recount.stale_questions([first.id]) == set()
    # Moved to another question: taken from one, added to the other.
    assert changed.question_id == first.id
    changed.question_id = second.id
    db.session.commit()
    assert stored(first.id)[OVERALL_KEY] == (1, 1, 0, 6.0, 36.0)
    assert stored(second.id)[OVERALL_KEY] == (1, 1, 0, 2.0, 4.0)


def test_an_update_of_unloaded_values_reads_them_from_the_database(setup):
    (first, _second), (one, two, _three) = setup
    evaluate(one, first, 6.0, relevance=6.0)
    changed = evaluate(two, first, 8.0, relevance=8.0)  # committed: values expired
    changed.overall = 2.0
    db.session.commit()
    assert stored(first.id) == {
        OVERALL_KEY: (2, 2, 0, 8.0, 40.0),
        "relevance": (2, 2, 0, 14.0, 100.0),
    }


def test_an_unrelated_change_keeps_the_totals(setup):
    (first, _second), (one, _two, _three) = setup
    evaluation = evaluate(one, first, 6.0, relevance=6.0)
    evaluation.feedback = "Clear and specific."
    db.session.commit()
    assert stored(first.id)[OVERALL_KEY] == (1, 1, 0, 6.0, 36.0)


def test_a_delete_takes_its_scores_away(setup):
    (first, _second), (one, two, _three) = setup
    evaluate(one, first, 6.0, relevance=6.0)
    removed = evaluate(two, first, 8.0, relevance=8.0)
    assert removed.overall == 8.0
    db.session.delete(removed)
    db.session.commit()
    assert stored(first.id) == {
        OVERALL_KEY: (1, 1, 0, 6.0, 36.0),
        "relevance": (1, 1, 0, 6.0, 36.0),
    }
    assert recount.stale_questions([first.id]) == set()


def test_an_answer_needing_review_counts_but_is_not_scored(setup):
    (first, _second), (one, _two, _three) = setup
    db.session.add(
        Evaluation(session_id=one.id, question_id=first.id, provider="offline")
    )
    db.session.commit()
    assert stored(first.id) == {OVERALL_KEY: (1, 0, 0, 0.0, 0.0)}
    assert recount.stale_questions([first.id]) == set()


def test_deleting_a_session_takes_its_scores_away(setup):
    (first, second), (one, two, _three) = setup
    evaluate(one, first, 6.0, relevance=6.0)
    evaluate(one, second, 5.0, relevance=None)
    evaluate(two, first, 8.0, relevance=8.0)
    db.session.delete(one)
    db.session.commit()  # the database deletes the evaluations (ON DELETE CASCADE)
    assert db.session.query(Evaluation).count() == 1
    assert stored(first.id) == {
        OVERALL_KEY: (1, 1, 0, 8.0, 64.0),
        "relevance": (1, 1, 0, 8.0, 64.0),
    }
    assert stored(second.id)[OVERALL_KEY] == (0, 0, 0, 0.0, 0.0)


def core_insert(question, sessions_and_scores) -> None:
    rows = [
        {
            "session_id": session.id,
            "question_id": question.id,
            "competency_scores": scores(relevance=value),
            "overall": value,
            "flags": [],
            "provider": "offline",
        }
        for session, value in sessions_and_scores
    ]
    db.session.execute(insert(Evaluation), rows)  # Core: no ORM event
    db.session.commit()


def test_bulk_inserts_into_an_uncounted_question_are_counted_on_read(setup):
    (first, second), (one, two, three) = setup
    evaluate(one, first, 6.0, relevance=6.0)
    core_insert(second, [(two, 4.0), (three, None)])
    assert recount.stale_questions([first.id, second.id]) == {second.id}
    recount.refresh([first.id, second.id])
    assert stored(second.id) == {
        OVERALL_KEY: (2, 1, 0, 4.0, 16.0),
        "relevance": (2, 1, 1, 4.0, 16.0),
    }
    assert recount.stale_questions([first.id, second.id]) == set()


def test_the_command_recounts_after_core_writes(app, setup):
    (first, second), (one, two, _three) = setup
    evaluate(one, first, 6.0, relevance=6.0)
    core_insert(first, [(two, 4.0)])  # a question with totals: not noticed
    db.session.execute(delete(InterviewSession).where(InterviewSession.id == one.id))
    db.session.commit()
    assert stored(first.id)[OVERALL_KEY] == (1, 1, 0, 6.0, 36.0)
    result = app.test_cli_runner().invoke(args=["analytics", "rebuild-totals"])
    assert result.exit_code == 0, result.output
    assert "Recounted the score totals of 1 questions." in result.output
    db.session.expire_all()
    assert stored(first.id) == {
        OVERALL_KEY: (1, 1, 0, 4.0, 16.0),
        "relevance": (1, 1, 0, 4.0, 16.0),
    }
    assert stored(second.id) == {}


def test_rebuilding_gives_what_the_writes_added(recruiter, other_recruiter):
    ids = analytics_data.seed(recruiter, other_recruiter)
    question_ids = [
        q for q in db.session.scalars(select(QuestionScoreTotal.question_id))
    ]
    incremental = {q: stored(q) for q in sorted(set(question_ids))}
    recount.rebuild(set(question_ids))
    db.session.commit()
    assert {q: stored(q) for q in incremental} == incremental
    assert incremental[ids["a_questions"][0]]["completeness"] == (6, 5, 1, 31.0, 213.0)
