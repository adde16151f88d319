"""The background scoring worker: runs app.scoring.service jobs outside requests.

How it runs depends on SCORING_WORKER:

- "thread" (default): one daemon thread per process (a greenlet under gevent). It
  starts with the process (run.py, gunicorn's post_worker_init) or the first request,
  scores at once whatever is due (so a restart resumes unfinished scoring), then
  sleeps until a commit that queued work wakes it, or SCORING_SWEEP_SECONDS pass.
- "inline": due work runs right after the commit that queued it, in the committing
  thread (the testing default: deterministic, nothing runs behind a test's back).
- "manual": nothing runs until run_now() is called (tests look at pending states).

A committed transaction that queued work (scoring.mark_due) wakes the worker through
an SQLAlchemy after_commit hook, so no caller has to remember to. Each run has an app
context, and so a database session, of its own.
"""

import logging
import threading

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.ai.providers import get_provider
from app.scoring import service as scoring

log = logging.getLogger("viva.scoring.worker")

EXTENSION_KEY = "viva_scoring_worker"
MODES = ("thread", "inline", "manual")
DEFAULT_SWEEP_SECONDS = 5
_local = threading.local()


class ScoringWorker:
    """Runs due scoring work for one app: in a thread, inline, or when asked."""

    def __init__(self, app: Flask):
        self.app = app
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def mode(self) -> str:
        """thread, inline or manual, from SCORING_WORKER (testing: inline)."""
        configured = self.app.config.get("SCORING_WORKER")
        mode = (configured or ("inline" if self.app.testing else "thread")).lower()
        return mode if mode in MODES else "thread"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def notify(self) -> None:
        """Work was queued and committed: run it inline, or wake the thread."""
        mode = self.mode
        if mode == "inline":
            if not getattr(_local, "busy", False):  # no re-entry from its own commits
                self.run_now()
        elif mode == "thread":
            self._wake.set()

    def run_now(self) -> int:
        """Score everything due now, in this thread; how many answers were scored."""
        _local.busy = True
        try:
            with self.app.app_context():
                return scoring.run_due(get_provider(self.app))
        except Exception:  # one bad run must never stop the caller or the worker
            log.exception("Scoring run failed")
            return 0
        finally:
            _local.busy = False

    def ensure_started(self) -> None:
        """In thread mode, start the thread unless it runs already."""
        if self.mode == "thread":
            self.start()

    def start(self) -> None:
        """Start the background thread (it first scores whatever is due)."""
        if self.running:
            return
        with self._lock:
            if self.running:
                return
            self._stopping.clear()
            self._thread = threading.Thread(
                target=self._loop, name="viva-scoring-worker", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        """Stop the thread after the answer in hand; unscored work stays queued."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        self._wake.set()
        thread.join(timeout)
        self._thread = None

    def serve(self) -> None:
        """Score in this thread until stopped: a process of its own (`flask score`),
        which finds work by sweeping every SCORING_SWEEP_SECONDS."""
        self._stopping.clear()
        self._loop()

    def _loop(self) -> None:
        interval = float(
            self.app.config.get("SCORING_SWEEP_SECONDS") or DEFAULT_SWEEP_SECONDS
        )
        while not self._stopping.is_set():
            self._wake.clear()
            self.run_now()
            self._wake.wait(interval)


def init_scoring_worker(app: Flask) -> ScoringWorker:
    """Attach a worker to the app (once); thread mode starts it with a request."""
    worker = app.extensions.get(EXTENSION_KEY)
    if worker is None:
        worker = ScoringWorker(app)
        app.extensions[EXTENSION_KEY] = worker
        app.before_request(worker.ensure_started)
    return worker


def get_scoring_worker(app: Flask | None = None) -> ScoringWorker:
    """The app's scoring worker (the current app's when none is given)."""
    app = app or current_app._get_current_object()
    worker = app.extensions.get(EXTENSION_KEY)
    if worker is None:
        worker = app.extensions.setdefault(EXTENSION_KEY, ScoringWorker(app))
    return worker


def _wake_after_commit(session: Session) -> None:
    """A commit that queued scoring work tells the current app's worker."""
    if session.info.pop(scoring.DUE_FLAG, False) and has_app_context():
        get_scoring_worker().notify()


def _forget_after_rollback(session: Session) -> None:
    """Work queued in a rolled-back transaction was never stored."""
    session.info.pop(scoring.DUE_FLAG, None)


def register_listeners() -> None:
    """Wake the worker after commits that queued scoring (create_app calls it)."""
    for name, listener in (
        ("after_commit", _wake_after_commit),
        ("after_rollback", _forget_after_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
