"""The mail worker: inline, manual and background-thread modes."""

import logging
import time

from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.mail.worker import MailWorker, get_worker
from app.models import Invitation
from tests import factories
from tests.conftest import app_overrides
from tests.support import services

THREAD_WAIT_SECONDS = 15


def test_testing_defaults_to_inline_and_production_to_thread(app, monkeypatch):
    monkeypatch.delitem(app.config, "MAIL_WORKER", raising=False)
    assert get_worker(app).mode == "inline"
    monkeypatch.setattr(app, "testing", False)
    assert get_worker(app).mode == "thread"
    monkeypatch.setitem(app.config, "MAIL_WORKER", "Manual")
    assert get_worker(app).mode == "manual"


def test_inline_mode_sends_before_the_request_answers(
    app, api, recruiter, interview, monkeypatch, capsys
):
    monkeypatch.delitem(app.config, "MAIL_WORKER", raising=False)
    api.login(recruiter)
    response = api.post(
        f"/api/v1/interviews/{interview.id}/invitations",
        json={"email": "a@example.com"},
    )
    assert response.status_code == 201
    link = response.get_json()["invitations"][0]["link"]
    assert link in capsys.readouterr().out
    db.session.rollback()
    assert db.session.scalars(select(Invitation.status)).all() == ["sent"]


def test_manual_mode_runs_jobs_on_drain_each_in_its_own_app_context(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_WORKER", "manual")
    worker = MailWorker(app)
    seen = []

    def job(label):
        seen.append((label, db.session()))

    worker.submit(job, "a")
    worker.submit(job, "b")
    assert (worker.pending_jobs(), seen) == (2, [])
    assert worker.drain() == 2
    assert [label for label, _ in seen] == ["a", "b"]
    outer = db.session()
    assert all(session is not outer for _, session in seen)
    assert worker.drain() == 0


def test_a_failing_job_is_logged_and_the_next_one_still_runs(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_WORKER", "manual")
    worker = MailWorker(app)
    ran = []

    def broken():
        raise RuntimeError("boom")

    worker.submit(broken)
    worker.submit(ran.append, "next")
    with caplog.at_level(logging.ERROR, logger="viva.mail.worker"):
        worker.drain()
    assert ran == ["next"]
    assert "Mail job broken failed" in caplog.text


def test_sweeps_run_with_the_given_time(app):
    worker = MailWorker(app)
    times = []
    worker.register_sweep(times.append)
    worker.register_sweep(times.append)  # registered once
    moment = factories.make_user().created_at
    worker.sweep(now=moment)
    assert times == [moment]


def test_the_background_thread_sends_after_the_request(tmp_path, capsys):
    """One real thread, with its own app and database connections (no shared one)."""
    overrides = app_overrides()
    if not services.DATABASE_URL:
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'worker.db'}"
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    overrides.update(MAIL_WORKER="thread", MAIL_SWEEP_SECONDS=60)
    threaded = create_app("testing", **overrides)
    worker = get_worker(threaded)
    try:
        with threaded.app_context():
            db.create_all()
            user = factories.make_user()
            interview = factories.make_interview(
                factories.make_product(user), status="active"
            )
            api = factories.ApiClient(threaded.test_client())
            api.login(user)
            assert worker.running  # started by the first request
            response = api.post(
                f"/api/v1/interviews/{interview.id}/invitations",
                json={
                    "invitations": [{"email": f"c{n}@example.com"} for n in range(20)]
                },
            )
            assert response.status_code == 201
            links = [item["link"] for item in response.get_json()["invitations"]]

            deadline = time.monotonic() + THREAD_WAIT_SECONDS
            statuses = []
            while time.monotonic() < deadline:
                db.session.rollback()
                statuses = db.session.scalars(select(Invitation.status)).all()
                if set(statuses) == {"sent"}:
                    break
                time.sleep(0.05)
            assert statuses == ["sent"] * 20
            printed = capsys.readouterr().out
            assert all(link in printed for link in links)
    finally:
        worker.stop()
        with threaded.app_context():
            db.session.remove()
            db.engine.dispose()
    assert not worker.running
