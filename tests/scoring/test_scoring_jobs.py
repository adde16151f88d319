"""Scoring through the job queue: enqueued after the commit, claimed once, retried with
backoff, then failed; the sweep re-enqueues what a dead process left undone.

Jobs wait in an in-memory queue (queued_jobs) and run when the test says; the real
consumers, processes and queues are in tests/jobs/.
"""

from datetime import timedelta

import pytest
from sqlalchemy import update

from app import tasks
from app.ai.providers import _CACHE_KEY
from app.ai.providers.gemini import GeminiProvider
from app.background import jobs
from app.extensions import db
from app.models import Evaluation, InterviewSession, utcnow
from app.scoring import service as scoring
from tests import factories
from tests.fakes.gemini_server import Error, FakeGemini
from tests.support.interviews import take_interview

ANSWERS = [
    "I would keep a token bucket per API key in Redis and refill it with a Lua "
    "script, so the check stays atomic under load.",
    "First I measure the slow page, then I profile it; last time an N+1 query was "
    "the cause, so I added an index and cut it to 180 ms.",
]


@pytest.fixture
def interview(recruiter):
    interview = factories.make_interview(
        factories.make_product(recruiter), questions=2, status="active"
    )
    for question in interview.questions:
        question.follow_up_budget = 0
    db.session.commit()
    return interview


@pytest.fixture
def gemini(app, monkeypatch):
    """The gemini provider, against a local fake that fails every call."""
    server = FakeGemini().start()
    server.script(*[Error(503)] * 500)
    for key, value in {
        "AI_PROVIDER": "gemini",
        "GEMINI_API_KEY": server.api_key,
        "GEMINI_BASE_URL": server.url,
        "GEMINI_TIMEOUT_SECONDS": 2,
        "SCORING_MAX_ATTEMPTS": 3,
        "SCORING_RETRY_SECONDS": 30,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    provider = GeminiProvider(
        api_key=server.api_key,
        model="gemini-2.5-flash",
        base_url=server.url,
        timeout_seconds=2,
        backoff=(0.01, 0.01),
    )
    monkeypatch.setitem(app.extensions, _CACHE_KEY, {"gemini": provider})
    yield server
    server.stop()


def fresh_session(session_id) -> InterviewSession:
    db.session.expire_all()
    return db.session.get(InterviewSession, session_id)


def rows(session_id):
    db.session.expire_all()
    return (
        Evaluation.query.filter_by(session_id=session_id).order_by(Evaluation.id).all()
    )


def test_the_commit_that_ends_the_interview_enqueues_answers_and_report(
    interview, queued_jobs
):
    session = take_interview(interview, ANSWERS)
    assert queued_jobs.pending() == [
        "score_answer",
        "score_answer",
        "send_receipt",
        "finish_report",
        "send_notification",  # the recruiter hears of the completion at once
    ]
    queued = [task.args for task in jobs.pending()][:-1]
    assert queued == [(e.id,) for e in rows(session.id)] + [(session.id,)] * 2
    assert queued_jobs.drain() == 5
    assert fresh_session(session.id).scored_at is not None  # the report is written


def test_a_rolled_back_transaction_enqueues_nothing(interview, queued_jobs):
    session = take_interview(interview, ANSWERS[:1], finish=False)
    queued_jobs.discard()
    evaluation = rows(session.id)[0]
    evaluation.status = "failed"
    scoring.mark_due(evaluation)
    db.session.rollback()
    db.session.commit()
    assert queued_jobs.pending() == []


def test_running_a_job_twice_scores_the_answer_once(interview, queued_jobs):
    session = take_interview(interview, ANSWERS[:1], finish=False)
    (row,) = rows(session.id)
    assert tasks.score_answer.call_local(row.id) == "scored"
    assert tasks.score_answer.call_local(row.id) == "skipped"
    assert queued_jobs.drain() == 1  # the queued copy finds nothing left to do
    (row,) = rows(session.id)
    assert (row.status, row.attempts) == ("scored", 1)


def test_a_provider_error_is_retried_with_growing_delays_then_fails(
    interview, queued_jobs, gemini
):
    session = take_interview(interview, ANSWERS)
    queued_jobs.drain()
    for attempt in (1, 2):
        first, second = rows(session.id)
        assert (first.status, first.attempts) == ("pending", attempt)
        assert "503" in first.error
        retries = {task.args: task.eta for task in jobs.scheduled()}
        assert set(retries) == {(first.id,), (second.id,)}
        # Huey's eta is naive UTC; the next try is due 30 s x attempts after the claim.
        eta = retries[(first.id,)].replace(tzinfo=first.claimed_at.tzinfo)
        assert eta >= first.claimed_at + timedelta(seconds=30 * attempt)
        assert queued_jobs.run_scheduled() == 2
        first, second = rows(session.id)
        assert first.attempts == attempt  # too early: the claim refused it
        past = utcnow() - timedelta(seconds=30 * attempt)
        db.session.execute(update(Evaluation).values(claimed_at=past))
        db.session.commit()
        assert queued_jobs.sweep(utcnow()) == 2  # the sweep enqueues due retries
    assert [(e.status, e.attempts) for e in rows(session.id)] == [("failed", 3)] * 2
    assert jobs.scheduled() == []  # no retry after the last attempt
    session = fresh_session(session.id)
    assert session.scoring_status == "failed"


def test_the_sweep_enqueues_answers_whose_job_was_lost(interview, queued_jobs):
    session = take_interview(interview, ANSWERS)
    queued_jobs.discard()  # the process died before its jobs ran
    assert queued_jobs.sweep(utcnow()) == 0  # too young: their job may still come
    moment = utcnow() - scoring.LOST_AFTER - timedelta(seconds=1)
    db.session.execute(update(Evaluation).values(updated_at=moment))
    db.session.commit()
    assert queued_jobs.sweep(utcnow()) == 2
    assert [e.status for e in rows(session.id)] == ["scored", "scored"]
    assert fresh_session(session.id).scored_at is not None  # the report is written


def test_the_sweep_takes_back_a_claim_left_by_a_dead_worker(interview, queued_jobs):
    session = take_interview(interview, ANSWERS[:1], finish=False)
    queued_jobs.discard()
    (row,) = rows(session.id)
    assert scoring.claim(row.id)  # a worker claimed it, then its process died
    assert queued_jobs.sweep(utcnow()) == 0  # the claim is still fresh
    stale = utcnow() - timedelta(seconds=181)
    db.session.execute(update(Evaluation).values(claimed_at=stale))
    db.session.commit()
    assert queued_jobs.sweep(utcnow()) == 1
    (row,) = rows(session.id)
    assert (row.status, row.attempts) == ("scored", 2)
