"""Background sending: email jobs run outside the request, plus periodic sweeps.

A request commits its work, then submits jobs (for invitations: the invitation id and
the plaintext link token, held only in memory). How jobs run depends on MAIL_WORKER:

- "thread" (default): one daemon thread per process runs the queue in order (under
  gevent the thread is a greenlet). It starts with the first request and sweeps at once,
  then every MAIL_SWEEP_SECONDS: sweeps retry failed sends that are due and pick up
  sends lost when a process stopped with jobs still queued.
- "inline": each job runs at once in the caller's thread (CLI commands; the test
  default, so no thread touches a test's database behind its back).
- "manual": jobs wait until drain() is called, and sweeps until sweep(now) is: tests use
  it to look at the state between queueing and sending.

Every job and sweep runs in an app context of its own, so it has its own database
session.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app

from app.models import utcnow

log = logging.getLogger("viva.mail.worker")

EXTENSION_KEY = "viva_mail_worker"
MODES = ("thread", "inline", "manual")
DEFAULT_SWEEP_SECONDS = 15


class MailWorker:
    """The per-app queue of email jobs and the thread that runs them."""

    def __init__(self, app: Flask):
        self.app = app
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._sweeps: list[Callable[[datetime], object]] = []
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    @property
    def mode(self) -> str:
        """thread, inline or manual, from MAIL_WORKER (testing defaults to inline)."""
        configured = self.app.config.get("MAIL_WORKER")
        mode = (configured or ("inline" if self.app.testing else "thread")).lower()
        return mode if mode in MODES else "thread"

    def register_sweep(self, sweep: Callable[[datetime], object]) -> None:
        """Run sweep(now) periodically in the worker, in an app context of its own."""
        if sweep not in self._sweeps:
            self._sweeps.append(sweep)

    def submit(self, job: Callable, *args) -> None:
        """Run job(*args) outside the request, in an app context of its own."""
        mode = self.mode
        if mode == "inline":
            self._run(job, args)
            return
        self._jobs.put((job, args))
        if mode == "thread":
            self.start()

    def pending_jobs(self) -> int:
        """How many submitted jobs have not run yet."""
        return self._jobs.qsize()

    def drain(self) -> int:
        """Run every queued job now, in the calling thread; returns how many ran."""
        ran = 0
        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                return ran
            if item is not None:
                self._run(*item)
                ran += 1

    def discard(self) -> int:
        """Drop every queued job without running it (tests); returns how many."""
        dropped = 0
        while True:
            try:
                self._jobs.get_nowait()
            except queue.Empty:
                return dropped
            dropped += 1

    def sweep(self, now: datetime | None = None) -> None:
        """Run every registered sweep now, as if the clock read `now`."""
        for sweep in self._sweeps:
            self._run(sweep, (now or utcnow(),))

    def ensure_started(self) -> None:
        """In thread mode, start the thread (before_request: start-up, in effect)."""
        if self.mode == "thread":
            self.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the background thread unless it runs already."""
        if self.running:
            return
        with self._lock:
            if self.running:
                return
            self._stopping.clear()
            self._thread = threading.Thread(
                target=self._loop, name="viva-mail-worker", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        """Stop the thread after the job in hand; queued jobs stay queued."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        self._jobs.put(None)
        thread.join(timeout)
        self._thread = None

    def _loop(self) -> None:
        interval = float(
            self.app.config.get("MAIL_SWEEP_SECONDS") or DEFAULT_SWEEP_SECONDS
        )
        next_sweep = time.monotonic()
        while not self._stopping.is_set():
            if time.monotonic() >= next_sweep:
                self.sweep()
                next_sweep = time.monotonic() + interval
            try:
                item = self._jobs.get(timeout=max(next_sweep - time.monotonic(), 0.01))
            except queue.Empty:
                continue
            if item is not None and not self._stopping.is_set():
                self._run(*item)

    def _run(self, job: Callable, args: tuple) -> None:
        try:
            with self.app.app_context():
                job(*args)
        except Exception:  # one bad job must never stop the worker
            log.exception("Mail job %s failed", getattr(job, "__name__", job))


def init_worker(app: Flask) -> MailWorker:
    """Attach a worker to the app (once) and start it with the first request."""
    worker = app.extensions.get(EXTENSION_KEY)
    if worker is None:
        worker = MailWorker(app)
        app.extensions[EXTENSION_KEY] = worker
        app.before_request(worker.ensure_started)
    return worker


def get_worker(app: Flask | None = None) -> MailWorker:
    """The app's mail worker (the current app's when none is given)."""
    app = app or current_app._get_current_object()
    worker = app.extensions.get(EXTENSION_KEY)
    if worker is None:
        # Not set up by init_worker(): it still starts its thread on the first submit.
        worker = app.extensions.setdefault(EXTENSION_KEY, MailWorker(app))
    return worker
