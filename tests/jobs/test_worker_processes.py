"""Jobs run by real worker processes (`flask jobs worker`, as `make worker` runs it)
on the embedded SQLite queue and, when the suite has one, on Redis.

The test enqueues as a web process does (after its commits); workers are separate
processes with production configuration sharing the database and the queue. Nothing
here waits on a clock: each step waits until the database shows its outcome.
"""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import create_app, tasks
from app.background import jobs
from app.extensions import db
from app.invitations import service as invitations
from app.invitations.bulk import CandidateRow
from app.models import AuditEvent, Evaluation, InterviewSession, Invitation, utcnow
from app.scoring import service as scoring
from config import normalise_database_url
from tests import factories
from tests.fakes.gemini_server import Error, FakeGemini, Stall
from tests.fakes.sendgrid_server import FakeSendGrid
from tests.support import services
from tests.support.evaluations import evaluation_reply
from tests.support.interviews import take_interview
from tests.support.jobs import WorkerProcess, queue_settings
from tests.support.production import PII_SECRETS, SECRET_KEY

pytestmark = pytest.mark.live_server
BACKENDS = ["sqlite"] + (["redis"] if services.REDIS_URL else [])
ANSWERS = [
    "I would keep a token bucket per API key in Redis and refill it with a Lua "
    "script, so the check stays atomic under load.",
    "First I measure the slow page, then I profile it; last time an N+1 query was "
    "the cause, so I added an index and cut it to 180 ms.",
]


class Shared:
    """The database and queue the test shares with its worker processes."""

    def __init__(self, workdir, backend):
        self.workdir = workdir
        self.queue = queue_settings(workdir, backend)
        self.database_url = (
            normalise_database_url(services.DATABASE_URL)
            if services.DATABASE_URL
            else f"sqlite:///{workdir / 'shared.db'}"
        )
        # The enqueuing side: a web process's settings (and its SECRET_KEY, which
        # seals the link tokens in the queue).
        self.app = create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=self.database_url,
            SECRET_KEY=SECRET_KEY,
            **PII_SECRETS,
            **self.queue,
        )

    def worker(self, **env) -> WorkerProcess:
        settings = {
            "JOBS_QUEUE_URL": self.queue["JOBS_QUEUE_URL"],
            "JOBS_QUEUE_NAME": self.queue["JOBS_QUEUE_NAME"],
            "LOG_LEVEL": "INFO",
            **{key: str(value) for key, value in env.items()},
        }
        return WorkerProcess(self.workdir, self.database_url, **settings)


@pytest.fixture(params=BACKENDS)
def shared(request, app, tmp_path):
    shared = Shared(tmp_path, request.param)
    with shared.app.app_context():
        db.create_all()
        yield shared
        jobs.flush()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def gemini():
    server = FakeGemini().start()
    yield server
    server.stop()


def wait_until(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"not reached in {timeout}s")


def finished_interview():
    """A two-question interview taken to the end; its session (jobs enqueued)."""
    recruiter = factories.make_user()
    interview = factories.make_interview(
        factories.make_product(recruiter), questions=2, status="active"
    )
    for question in interview.questions:
        question.follow_up_budget = 0
    db.session.commit()
    return take_interview(interview, ANSWERS), recruiter, interview


def invite(interview, recruiter, email="ann@example.com") -> Invitation:
    """Invite one candidate as the edge does: commit, then enqueue the email."""
    batch = invitations.invite_candidates(
        interview, [CandidateRow(1, email, "Ann")], actor=recruiter
    )
    db.session.commit()
    tasks.email_invitations(batch.issued)
    return batch.invitations[0]


def rows(session_id):
    return db.session.scalars(
        select(Evaluation).where(Evaluation.session_id == session_id).order_by("id")
    ).all()


def report_written(session_id):
    session = db.session.get(InterviewSession, session_id, populate_existing=True)
    return session.scored_at is not None and session


def test_jobs_enqueued_here_are_run_by_a_worker_process(shared):
    session, recruiter, interview = finished_interview()
    invitation = invite(interview, recruiter)
    # two answers, receipt, report, the recruiter's notification and the invitation
    assert jobs.pending_count() == 6
    assert [e.status for e in rows(session.id)] == ["pending", "pending"]

    worker = shared.worker().start()
    try:
        wait_until(lambda: report_written(session.id))
        wait_until(
            lambda: (
                db.session.get(Invitation, invitation.id, populate_existing=True).status
                == "sent"
            )
        )
    finally:
        worker.stop()
    assert [
        (e.attempts, e.status in ("scored", "needs_review")) for e in rows(session.id)
    ] == [(1, True), (1, True)]
    assert jobs.pending_count() == 0
    assert "Traceback" not in worker.log()


def test_failing_jobs_are_retried_with_backoff_then_marked_failed(shared, gemini):
    session, recruiter, interview = finished_interview()
    with FakeSendGrid() as sendgrid:
        sendgrid.reply(500, {"errors": [{"message": "down"}]}, times=10)
        gemini.script(*[Error(503)] * 500)
        invitation = invite(interview, recruiter)
        worker = shared.worker(
            MAIL_BACKEND="sendgrid",
            SENDGRID_API_KEY=sendgrid.api_key,
            SENDGRID_API_HOST=sendgrid.url,
            MAIL_MAX_ATTEMPTS=3,
            MAIL_RETRY_BASE_SECONDS=1,
            AI_PROVIDER="gemini",
            GEMINI_API_KEY=gemini.api_key,
            GEMINI_BASE_URL=gemini.url,
            GEMINI_TIMEOUT_SECONDS=5,
            SCORING_MAX_ATTEMPTS=2,
            SCORING_RETRY_SECONDS=1,
        ).start()
        try:
            failed = wait_until(
                lambda: (
                    (
                        row := db.session.get(
                            Invitation, invitation.id, populate_existing=True
                        )
                    ).status
                    == "failed"
                    and row.next_attempt_at is None
                    and row
                )
            )
            wait_until(lambda: report_written(session.id))
        finally:
            worker.stop()
    to_ann = [r for r in sendgrid.requests if "ann@example.com" in str(r.json)]
    assert (failed.send_attempts, len(to_ann)) == (3, 3)  # not the receipt's tries
    assert failed.last_error.startswith("SendGrid answered 500")
    failures = db.session.scalars(
        select(AuditEvent.created_at)
        .where(AuditEvent.action == "invitation.send_failed")
        .order_by(AuditEvent.id)
    ).all()
    # Each retry waited at least base x 2^(attempt-1) after the failure before it.
    assert failures[1] - failures[0] >= timedelta(seconds=1)
    assert failures[2] - failures[1] >= timedelta(seconds=2)

    assert [(e.status, e.attempts) for e in rows(session.id)] == [("failed", 2)] * 2
    assert all("503" in e.error for e in rows(session.id))
    assert report_written(session.id).scoring_status == "failed"


def test_a_job_cut_off_by_a_killed_worker_is_completed_by_another(shared, gemini):
    session, _recruiter, _interview = finished_interview()
    gemini.responder = lambda seen: Stall(60)
    settings = {
        "AI_PROVIDER": "gemini",
        "GEMINI_API_KEY": gemini.api_key,
        "GEMINI_BASE_URL": gemini.url,
        "GEMINI_TIMEOUT_SECONDS": 60,
        "SCORING_CLAIM_TIMEOUT_SECONDS": 2,
        "JOBS_WORKERS": 1,  # one job at a time: the second answer stays queued
    }
    first = shared.worker(**settings).start()
    try:
        # It claims the first answer and waits on the (stalled) model...
        wait_until(lambda: rows(session.id)[0].status == "running")
        first.kill()  # ...and dies: the job is gone from the queue, the claim stays
    finally:
        first.stop()
    (running, pending) = rows(session.id)
    assert (running.status, running.attempts) == ("running", 1)
    assert (pending.status, pending.attempts) == ("pending", 0)
    stale_at = running.claimed_at + timedelta(seconds=2)
    wait_until(lambda: utcnow() > stale_at)

    gemini.responder = evaluation_reply(7.0)
    second = shared.worker(**settings).start()
    try:
        # Its first sweep finds the stale claim and enqueues that answer again.
        wait_until(lambda: report_written(session.id))
    finally:
        second.stop()
    assert [(e.status, e.attempts) for e in rows(session.id)] == [
        ("scored", 2),
        ("scored", 1),
    ]
    assert report_written(session.id).overall_score == 70.0


def test_the_periodic_sweep_enqueues_work_whose_job_was_lost(shared):
    session, recruiter, interview = finished_interview()
    invitation = invite(interview, recruiter)
    first_hash = invitation.token_hash
    jobs.flush()  # the process died before its jobs reached the queue
    long_ago = utcnow() - timedelta(minutes=5)
    db.session.execute(update(Evaluation).values(updated_at=long_ago))
    db.session.execute(update(Invitation).values(updated_at=long_ago))
    db.session.commit()

    worker = shared.worker().start()
    try:
        wait_until(lambda: report_written(session.id))
        sent = wait_until(
            lambda: (
                (
                    row := db.session.get(
                        Invitation, invitation.id, populate_existing=True
                    )
                ).status
                == "sent"
                and row
            )
        )
    finally:
        worker.stop()
    assert all(e.status not in scoring.OUTSTANDING for e in rows(session.id))
    assert sent.token_hash != first_hash  # the lost link was replaced, then emailed
