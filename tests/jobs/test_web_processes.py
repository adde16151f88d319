"""Jobs and the production web process (gunicorn, one gevent worker, as `make serve`).

By default it consumes jobs in greenlets of its own (one-process deployments); with
JOBS_IN_PROCESS=false it only enqueues, and `flask jobs worker` does the work.
"""

import time

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.background import jobs
from app.extensions import db
from app.models import InterviewSession, Invitation
from tests import factories
from tests.support.interviews import take_interview
from tests.support.jobs import WorkerProcess
from tests.support.production import PII_SECRETS, SECRET_KEY, ProductionServer, migrate

pytestmark = pytest.mark.live_server
ANSWERS = ["I profiled the view, found an N+1 query and added an index."]


@pytest.fixture
def shared(app, tmp_path):
    """A migrated SQLite database and an SQLite queue, with an app to enqueue from."""
    database = f"sqlite:///{tmp_path / 'web.db'}"
    queue = f"sqlite:///{tmp_path / 'jobs.db'}"
    migrate(database)
    seeding = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database,
        SECRET_KEY=SECRET_KEY,
        **PII_SECRETS,
        JOBS_IMMEDIATE=False,
        JOBS_QUEUE_URL=queue,
    )
    with seeding.app_context():
        yield database, queue
        jobs.flush()
        db.session.remove()
        db.engine.dispose()


def wait_until(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        if result := predicate():
            return result
        time.sleep(0.1)
    raise AssertionError(f"not reached in {timeout}s")


def test_a_gevent_web_process_runs_jobs_in_its_background(shared, tmp_path):
    database, queue = shared
    recruiter = factories.make_user()
    interview = factories.make_interview(
        factories.make_product(recruiter), questions=1, status="active"
    )
    interview.questions[0].follow_up_budget = 0
    db.session.commit()
    session = take_interview(interview, ANSWERS)
    # the answer, the receipt, the report and the recruiter's notification
    assert jobs.pending_count() == 4

    server = ProductionServer(tmp_path, database, JOBS_QUEUE_URL=queue).start()
    try:
        scored = wait_until(
            lambda: db.session.get(InterviewSession, session.id).scored_at
        )
    finally:
        server.stop()
    assert scored is not None and jobs.pending_count() == 0
    log = server.log()
    assert "Consuming jobs in this process (SqliteQueue)" in log
    assert "Traceback" not in log


def test_with_jobs_in_process_off_the_web_process_only_enqueues(shared, tmp_path):
    database, queue = shared
    recruiter = factories.make_user()
    interview = factories.make_interview(
        factories.make_product(recruiter), status="active"
    )
    server = ProductionServer(
        tmp_path, database, JOBS_QUEUE_URL=queue, JOBS_IN_PROCESS="false"
    ).start()
    worker = WorkerProcess(tmp_path, database, JOBS_QUEUE_URL=queue).start()
    try:
        login = requests.post(
            f"{server.url}/api/v1/auth/login",
            json={"email": recruiter.email, "password": factories.DEFAULT_PASSWORD},
            timeout=10,
        ).json()
        response = requests.post(
            f"{server.url}/api/v1/interviews/{interview.id}/invitations",
            json={"email": "ann@example.com"},
            headers={"Authorization": f"Bearer {login['access_token']}"},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        wait_until(lambda: db.session.scalar(select(Invitation.status)) == "sent")
    finally:
        worker.stop()
        server.stop()
    assert "Consuming jobs" not in server.log()
    assert "send_invitation_email" not in server.log()  # huey logs what it runs
    assert "Executing app.tasks.send_invitation_email" in worker.log()
