"""One walk per interviewer turn: the conductor plans it in one read and hands back
plain data, and stores it in one write. Counted with SQLAlchemy's statement events
(as bench/turn_statements.py does, which prints the figures per turn)."""

import dataclasses
import json

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.live import answers, conductor
from app.models import InterviewSession
from tests import factories
from tests.support.statements import Statements


@pytest.fixture
def session_id(recruiter):
    product = factories.make_product(recruiter, name="Acme")
    interview = factories.make_interview(product, questions=2, status="active")
    invitation, _ = factories.make_invitation(interview, name="Robin Lee")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session.id


def fresh_session() -> None:
    """Start from nothing loaded, as a background turn does."""
    db.session.remove()


def test_a_turn_is_planned_in_one_read_of_three_selects(session_id):
    fresh_session()
    with Statements() as planning:
        plan = conductor.plan_turn(session_id)
    assert planning.seen == ["SELECT"] * 3
    assert plan.kind == "greeting" and plan.seq == 1


def test_the_plan_is_plain_data_that_outlives_the_database_session(session_id):
    fresh_session()
    plan = conductor.plan_turn(session_id)
    db.session.remove()  # what run_turn does before the provider streams
    plain = json.loads(json.dumps(dataclasses.asdict(plan)))
    assert plain["context"]["candidate_name"] == "Robin Lee"
    assert plain["context"]["company"] == "Acme"
    assert plain["verbatim"] == "Question 1?"
    assert plain["state_after"]["question_index"] == 1
    assert plan.spoken("Hello.") == "Hello.\n\nQuestion 1?"


def test_a_turn_is_stored_in_one_write(session_id):
    fresh_session()
    plan = conductor.plan_turn(session_id)
    db.session.remove()
    with (
        Statements() as storing
    ):  # it flushes; the edge commits (COMMIT is no statement)
        conductor.store_turn(plan, plan.spoken("Hello."), {"provider": "test"})
    db.session.commit()
    # The session read back by its key, then one UPDATE and one INSERT.
    assert sorted(storing.seen) == ["INSERT", "SELECT", "UPDATE"]


def test_a_turn_that_ends_a_thread_also_queues_its_evaluation(session_id):
    fresh_session()
    plan = conductor.plan_turn(session_id)
    conductor.store_turn(plan, plan.spoken("Hello."), {})
    session = db.session.get(InterviewSession, session_id)
    answers.record_answer(session, "a1", "I don't know.")
    db.session.commit()
    fresh_session()
    plan = conductor.plan_turn(session_id)
    assert plan.kind == "question" and plan.ended_question_id is not None
    assert plan.ended_answered  # known from the planning read
    db.session.remove()
    with Statements() as storing:
        conductor.store_turn(plan, plan.spoken("No problem."), {})
    db.session.commit()
    ours = ["SELECT", "UPDATE", "INSERT"]  # the session and the question in one read
    # The scoring job (the plan knew the thread was answered): is it queued already,
    # queue it, and its analytics totals.
    scoring = ["SELECT", "INSERT", "INSERT"]
    assert sorted(storing.seen) == sorted(ours + scoring)


def test_a_turn_stored_twice_is_refused_by_the_transcript(session_id):
    """Two processes that planned the same turn: the second copy cannot be stored."""
    fresh_session()
    plan = conductor.plan_turn(session_id)
    conductor.store_turn(plan, plan.spoken("Hello."), {})
    db.session.commit()
    with pytest.raises(IntegrityError):
        conductor.store_turn(plan, plan.spoken("Hi."), {})
    db.session.rollback()
    session = db.session.get(InterviewSession, session_id)
    assert [m.content for m in conductor.transcript(session)] == [
        "Hello.\n\nQuestion 1?"
    ]
