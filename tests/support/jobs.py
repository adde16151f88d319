"""The job queue held in memory, for tests that look at what waits in it.

The testing configuration runs every job at once (JOBS_IMMEDIATE). The `queued_jobs`
fixture switches that off for one test: jobs then wait in a queue in this process
until the test runs them with drain(), or runs the periodic sweeps with sweep(now).
For real consumers: queue_settings() names a queue processes can share, and
WorkerProcess runs `flask jobs worker` against it.
"""

import secrets
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from app import tasks
from app.background import FlaskHuey
from tests.support import services
from tests.support.production import ROOT, production_env
from tests.support.server_process import die_with_parent

SWEEPS = (
    tasks.sweep_scoring,
    tasks.sweep_invitation_emails,
    tasks.sweep_webhooks,
    tasks.sweep_reminders,
)


class QueuedJobs:
    """What the test sees of the queue: pending jobs, and running them on demand."""

    def __init__(self, huey: FlaskHuey):
        self.huey = huey

    def pending(self) -> list[str]:
        """The names of the queued jobs, oldest first."""
        return [type(task).__name__ for task in self.huey.pending()]

    def scheduled(self) -> list[str]:
        """The names of the jobs waiting for their time (retries), soonest first."""
        return [type(task).__name__ for task in self.huey.scheduled()]

    def drain(self) -> int:
        """Run every queued job (and those they queue) in this thread; how many."""
        return self.huey.run_pending()

    def run_scheduled(self) -> int:
        """Run the jobs waiting for their time (retries) now, whatever their time,
        then what they queued (a job scheduled for later is queued, then parked)."""
        due = self.huey.read_schedule(datetime(9999, 1, 1))
        for task in due:
            self.huey.execute(task, timestamp=task.eta)
        self.drain()
        return len(due)

    def discard(self) -> int:
        """Drop every queued job without running it; how many were dropped."""
        dropped = self.huey.pending_count()
        self.huey.flush()
        return dropped

    def sweep(self, now: datetime) -> int:
        """Run the periodic sweeps as if the clock read `now`, then what they queued."""
        for sweep in SWEEPS:
            sweep.call_local(now=now)
        return self.drain()


def queue_settings(workdir: Path, backend: str | None = None) -> dict:
    """Settings for a real queue that processes share: Redis when the suite has one
    (or backend="redis"), else an SQLite file in workdir; a queue name of its own."""
    backend = backend or ("redis" if services.REDIS_URL else "sqlite")
    url = (
        services.REDIS_URL
        if backend == "redis"
        else f"sqlite:///{Path(workdir) / 'jobs.db'}"
    )
    return {
        "JOBS_IMMEDIATE": False,
        "JOBS_QUEUE_URL": url,
        "JOBS_QUEUE_NAME": f"viva_test_{secrets.token_hex(4)}",
    }


class WorkerProcess:
    """`flask --app run.py jobs worker` (what `make worker` runs) in a subprocess,
    with production configuration from the environment."""

    def __init__(self, workdir: Path, database_url: str, **env: str):
        self.log_path = Path(workdir) / f"worker-{secrets.token_hex(3)}.log"
        self.env = production_env("http://127.0.0.1:5000", database_url, **env)
        self.process = None

    def start(self, timeout: float = 60) -> "WorkerProcess":
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (open while it runs)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "run.py", "jobs", "worker"],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while "Running jobs from" not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the worker did not start:\n{self.log()}")
            time.sleep(0.1)
        return self

    def kill(self) -> None:
        """SIGKILL: the process dies in the middle of whatever it was doing."""
        self.process.kill()
        self.process.wait()
        self.stop()

    def stop(self) -> None:
        """SIGTERM: the jobs in hand finish, then the process exits."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None) and not self._log.closed:
            self._log.close()

    def log(self) -> str:
        return (
            self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        )
