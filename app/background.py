"""The job system: one Huey instance (`jobs`), where its queue lives, who consumes it.

Tasks are declared in app/tasks.py with `@jobs.task()` or `@jobs.periodic_task(...)`;
each runs in an app context (and so a database session) of its own. create_app() binds
the instance to the configuration (register_jobs):

- JOBS_IMMEDIATE (the testing default): a task runs at once, in the caller.
- Otherwise tasks go to the queue at JOBS_QUEUE_URL: Redis (`redis://...`; the default
  when REDIS_URL is set: consumers on any number of machines), an SQLite file
  (`sqlite:///path`; the embedded default, instance/jobs.db: processes of one
  machine), or `memory://` (this process only: tests that look at the queue).

Consumers: `flask jobs worker` (make worker) runs one in a process of its own; with
JOBS_IN_PROCESS (the default) each web process also runs one in its background,
started explicitly by run.py and gunicorn's post_worker_init (start_in_process()).

The queue is data at rest outside the database: a task carries ids, never personal
data, and a secret that must travel (an emailed link token) is sealed with seal().
This module imports nothing of app, so any layer may enqueue through app/tasks.py.
"""

import base64
import functools
import logging
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.consumer import Consumer
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger("viva.jobs")

EXTENSION_KEY = "viva_jobs"
CONSUMER_KEY = "viva_jobs_consumer"
# How consumers poll a queue that does not block (SQLite): at most a second between
# looks, so a queued answer is scored within about a second.
CONSUMER_OPTIONS = {
    "periodic": True,
    "initial_delay": 0.1,
    "backoff": 1.15,
    "max_delay": 1.0,
    "scheduler_interval": 1,
    "check_worker_health": True,
}
SEAL_INFO = b"viva.jobs.sealed-secret"

# The schedules periodic jobs share (app/tasks.py, app/pipeline_tasks.py).
EVERY_MINUTE = crontab()
EVERY_QUARTER_HOUR = crontab(minute="*/15")


class FlaskHuey(Huey):
    """Huey bound to a Flask app: storage from its configuration, created at first
    use (commands that never enqueue never open it); tasks run in an app context."""

    def __init__(self, name: str = "viva"):
        self.app: Flask | None = None
        self._storage = None
        super().__init__(name, results=False, immediate=True)

    @property
    def storage(self):
        if self._storage is None:
            self._storage = self.create_storage()
        return self._storage

    @storage.setter
    def storage(self, value) -> None:
        self._storage = value

    def init_app(self, app: Flask) -> None:
        """Use the app's queue (JOBS_QUEUE_URL) and mode (JOBS_IMMEDIATE)."""
        previous = self._storage
        if previous is not None and not isinstance(previous, MemoryStorage):
            previous.close()
        self.name = app.config.get("JOBS_QUEUE_NAME") or "viva"
        self.storage_class, self.storage_kwargs = storage_for(queue_url(app))
        self._immediate = bool(app.config.get("JOBS_IMMEDIATE"))
        self._storage = None
        self.app = app
        app.extensions[EXTENSION_KEY] = self

    def task(self, **options):
        """Declare a task (Huey's options); it runs in an app context of its own."""
        declare = super().task(**options)
        return lambda func: declare(self._in_app_context(func))

    def periodic_task(self, validate_datetime, **options):
        """Declare a task that the consumers' schedulers enqueue on a schedule."""
        declare = super().periodic_task(validate_datetime, **options)
        return lambda func: declare(self._in_app_context(func))

    def _in_app_context(self, func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            # Immediate mode runs in the caller's app; a consumer's thread has none.
            app = current_app._get_current_object() if has_app_context() else self.app
            if app is None:
                raise RuntimeError("jobs is not bound to an app: call create_app()")
            with app.app_context():
                return func(*args, **kwargs)

        return run

    def run_pending(self) -> int:
        """Run every queued task now, in this thread; how many ran (tests, tools)."""
        ran = 0
        while (task := self.dequeue()) is not None:
            self.execute(task)
            ran += 1
        return ran


jobs = FlaskHuey()


class SqliteQueue(SqliteStorage):
    """Huey's SQLite storage with `synchronous=NORMAL` under write-ahead logging, as
    for the app's database (app/extensions.py): an enqueue stops waiting for fsync,
    which would block every greenlet of a gevent process for milliseconds. A power
    loss may lose the last jobs, never corrupt the file, and the sweeps enqueue again
    whatever a lost job was to do."""

    def _create_connection(self):
        connection = super()._create_connection()
        connection.execute("pragma synchronous=NORMAL")
        return connection


def queue_url(app: Flask) -> str:
    """JOBS_QUEUE_URL, else REDIS_URL, else the SQLite file instance/jobs.db."""
    configured = app.config.get("JOBS_QUEUE_URL") or app.config.get("REDIS_URL")
    return configured or f"sqlite:///{Path(app.instance_path) / 'jobs.db'}"


def storage_for(url: str) -> tuple[type, dict]:
    """Huey's storage class and its arguments for a queue URL."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteQueue, {"filename": str(path)}
    if url == "memory://":
        return MemoryStorage, {}
    raise ValueError("JOBS_QUEUE_URL must be redis://..., sqlite:///path or memory://")


# ---------------------------------------------------------------- consumers
class InProcessConsumer(Consumer):
    """A consumer inside a web process: the server (gunicorn, run.py) owns the
    signals, and Huey's handlers may only be installed from the main thread."""

    def _set_signal_handlers(self) -> None:
        pass


def _gevent_patched() -> bool:
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")


def start_in_process(app: Flask) -> Consumer | None:
    """Consume jobs in this process's background (JOBS_IN_PROCESS): greenlets under
    gevent, threads otherwise. Nothing happens in immediate mode or when a worker
    process does the work; a second call returns the running consumer."""
    if jobs.immediate or not app.config.get("JOBS_IN_PROCESS"):
        return None
    consumer = app.extensions.get(CONSUMER_KEY)
    if consumer is not None:
        return consumer
    green = _gevent_patched()
    consumer = InProcessConsumer(
        jobs,
        workers=int(app.config.get("JOBS_WORKERS") or 2),
        worker_type="greenlet" if green else "thread",
        shutdown_timeout=10,
        **CONSUMER_OPTIONS,
    )
    app.extensions[CONSUMER_KEY] = consumer
    if green:
        import gevent

        gevent.spawn(consumer.run)
    else:
        threading.Thread(target=consumer.run, name="viva-jobs", daemon=True).start()
    log.info("Consuming jobs in this process (%s)", type(jobs.storage).__name__)
    return consumer


def stop_in_process(app: Flask) -> None:
    """Stop this process's consumer after the tasks in hand (up to 10 s)."""
    consumer = app.extensions.pop(CONSUMER_KEY, None)
    if consumer is not None:
        consumer.stop(graceful=True)


def run_worker(app: Flask, workers: int) -> None:
    """Consume jobs in this process until SIGTERM (graceful) or SIGINT (at once)."""
    if jobs.immediate:
        raise RuntimeError("JOBS_IMMEDIATE is on: there is no queue to consume")
    consumer = jobs.create_consumer(
        workers=workers,
        worker_type="thread",
        graceful_signal="TERM",
        shutdown_timeout=30,
        **CONSUMER_OPTIONS,
    )
    consumer.run()


# ---------------------------------------------------------------- sealed secrets
def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEAL_INFO)
    return Fernet(base64.urlsafe_b64encode(key.derive(secret)))


def seal(secret: str) -> str:
    """Encrypt a secret for a task's arguments (key derived from SECRET_KEY), so the
    queue never holds it in plain text."""
    return _fernet().encrypt(secret.encode("utf-8")).decode("ascii")


def unseal(sealed: str, max_age_seconds: int | None = None) -> str | None:
    """The secret seal() encrypted, or None when it was altered, sealed with another
    key or is older than max_age_seconds."""
    try:
        return _fernet().decrypt(sealed, ttl=max_age_seconds).decode("utf-8")
    except (InvalidToken, TypeError, ValueError):
        return None
