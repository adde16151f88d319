"""Scoring survives restarts, against real server processes consuming a shared queue
in their background (JOBS_IN_PROCESS, as `make run` does).

Jobs left in the queue by a stopped server are run by the next one; an answer whose
scoring was cut off by a crash is claimed again by the next server's sweep once its
claim times out; and in a running server, finishing a question is scored at once.
"""

import time
from datetime import timedelta

import pytest

from app import create_app
from app.background import jobs
from app.extensions import db
from app.live import conductor
from app.live.participants import participant_token
from app.models import Evaluation, InterviewSession, Question, utcnow
from tests import factories
from tests.fakes.gemini_server import FakeGemini, Stall
from tests.support.evaluations import evaluation_reply
from tests.support.interviews import take_interview
from tests.support.jobs import queue_settings
from tests.support.live_server import LiveServer
from tests.support.socket_client import InterviewClient

pytestmark = pytest.mark.live_server
ANSWERS = [
    "I would keep a token bucket per API key in Redis and refill it with a Lua "
    "script, so the check stays atomic under load.",
    "First I measure the slow page, then I profile it; last time an N+1 query was "
    "the cause, so I added an index and cut it to 180 ms.",
]


@pytest.fixture
def queue(tmp_path):
    """One queue (an SQLite file, or the suite's Redis) for the servers and the test."""
    return queue_settings(tmp_path)


@pytest.fixture
def workdir(app, tmp_path, queue):
    """A database the servers share (the suite's on PostgreSQL), and a seeding app
    that enqueues into the same queue."""
    idle = {**queue, "JOBS_IN_PROCESS": False}
    first = LiveServer(tmp_path, overrides=idle).start()
    seeding_app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=first.database_url, **queue
    )
    yield first, seeding_app
    first.stop()
    with seeding_app.app_context():
        jobs.flush()
        db.session.remove()
        db.engine.dispose()


def seed_finished_interview(seeding_app) -> int:
    """An interview taken to the end with nothing scored yet; the session's id."""
    with seeding_app.app_context():
        recruiter = factories.make_user()
        interview = factories.make_interview(
            factories.make_product(recruiter), questions=0, status="active"
        )
        for position, text in enumerate(["Rate limiter?", "Slow page?"]):
            db.session.add(
                Question(
                    interview_id=interview.id,
                    position=position,
                    text=text,
                    follow_up_budget=0,
                )
            )
        db.session.commit()
        session = take_interview(interview, ANSWERS)
        assert session.scoring_status == "running"
        return session.id


def state(seeding_app, session_id):
    with seeding_app.app_context():
        session = db.session.get(InterviewSession, session_id)
        rows = (
            Evaluation.query.filter_by(session_id=session_id)
            .order_by(Evaluation.id)
            .all()
        )
        return session.scoring_status, [
            (e.status, e.attempts, e.provider) for e in rows
        ]


def claim_is_stale(seeding_app, session_id, seconds) -> bool:
    with seeding_app.app_context():
        row = Evaluation.query.filter_by(session_id=session_id).order_by("id").first()
        return row.claimed_at < utcnow() - timedelta(seconds=seconds)


def wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"not reached in {timeout}s")


def test_a_restarted_server_runs_the_jobs_left_in_the_queue(workdir, tmp_path, queue):
    stopped, seeding_app = workdir
    session_id = seed_finished_interview(seeding_app)
    stopped.stop()  # nothing was scored: that server consumed no jobs
    assert state(seeding_app, session_id) == (
        "running",
        [("pending", 0, ""), ("pending", 0, "")],
    )
    with seeding_app.app_context():
        # two answers, the receipt, the report and the recruiter's notification
        assert jobs.pending_count() == 5

    restarted = LiveServer(tmp_path, overrides=queue).start()
    try:
        wait_until(lambda: state(seeding_app, session_id)[0] == "done")
    finally:
        restarted.stop()
    status, rows = state(seeding_app, session_id)
    assert rows == [("scored", 1, "offline"), ("scored", 1, "offline")]
    with seeding_app.app_context():
        session = db.session.get(InterviewSession, session_id)
        assert session.overall_score is not None and session.summary


def test_scoring_cut_off_by_a_crash_is_claimed_again_after_the_timeout(
    workdir, tmp_path, queue
):
    stopped, seeding_app = workdir
    stopped.stop()
    session_id = seed_finished_interview(seeding_app)
    gemini = FakeGemini().start()
    gemini.responder = lambda seen: Stall(60)
    gemini_settings = {
        **queue,
        "JOBS_WORKERS": 1,  # one job at a time: the second answer stays queued
        "AI_PROVIDER": "gemini",
        "GEMINI_API_KEY": gemini.api_key,
        "GEMINI_BASE_URL": gemini.url,
        "GEMINI_TIMEOUT_SECONDS": 60,
        "SCORING_CLAIM_TIMEOUT_SECONDS": 2,
    }
    crashing = LiveServer(tmp_path, overrides=gemini_settings).start()
    try:
        # Its worker claims the first answer and waits on the (stalled) model.
        wait_until(lambda: state(seeding_app, session_id)[1][0][0] == "running")
        crashing.process.kill()
        crashing.process.wait()
    finally:
        crashing.stop()
    assert state(seeding_app, session_id)[1][0][:2] == ("running", 1)
    # The job went down with the process; only the claim in the row remains. Once
    # it is stale, the next server's first sweep enqueues the answer again.
    wait_until(lambda: claim_is_stale(seeding_app, session_id, seconds=2))

    gemini.responder = evaluation_reply(7.0)
    restarted = LiveServer(tmp_path, overrides=gemini_settings).start()
    try:
        wait_until(lambda: state(seeding_app, session_id)[0] == "done")
    finally:
        restarted.stop()
        gemini.stop()
    status, rows = state(seeding_app, session_id)
    assert rows == [("scored", 2, "gemini"), ("scored", 1, "gemini")]
    with seeding_app.app_context():
        session = db.session.get(InterviewSession, session_id)
        assert (session.overall_score, session.recommendation) == (70.0, "consider")


def test_finishing_a_question_is_scored_at_once(workdir, tmp_path, queue):
    stopped, seeding_app = workdir
    stopped.stop()
    with seeding_app.app_context():
        recruiter = factories.make_user()
        interview = factories.make_interview(
            factories.make_product(recruiter), questions=2, status="active"
        )
        texts = ["How would you design a rate limiter?", "A page is slow. What now?"]
        for question, text in zip(interview.questions, texts, strict=True):
            question.text, question.follow_up_budget = text, 0
        invitation, _ = factories.make_invitation(interview, name="Robin")
        session = conductor.start_session(invitation)
        db.session.commit()
        cookie = participant_token(session.id, invitation.id)
        session_id = session.id
    # Sweeps are a minute apart: only the job enqueued after the commit can score
    # the answers this quickly.
    server = LiveServer(tmp_path, overrides=queue).start()
    try:
        candidate = InterviewClient(server.url, cookie).connect()
        candidate.wait_for("turn_end")
        for n, text in enumerate(ANSWERS):
            assert candidate.answer(f"a{n}", text)["ok"]
            candidate.wait_for("turn_end", where=lambda d, s=3 + 2 * n: d["seq"] == s)
        candidate.wait_for("completed")
        candidate.close()
        wait_until(lambda: state(seeding_app, session_id)[0] == "done", timeout=15)
    finally:
        server.stop()
    assert [row[0] for row in state(seeding_app, session_id)[1]] == [
        "scored",
        "scored",
    ]
