"""The job queue held in memory, for tests that look at what waits in it.

The testing configuration runs every job at once (JOBS_IMMEDIATE). The `queued_jobs`
fixture switches that off for one test: jobs then wait in a queue in this process
until the test runs them with drain(), or runs the periodic sweeps with sweep(now).
"""

import secrets
from datetime import datetime
from pathlib import Path

from app import tasks
from app.background import FlaskHuey
from tests.support import services

SWEEPS = (tasks.sweep_scoring, tasks.sweep_invitation_emails)


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
        """Run the jobs waiting for their time (retries) now, whatever their time."""
        due = self.huey.read_schedule(datetime(9999, 1, 1))
        for task in due:
            self.huey.execute(task, timestamp=task.eta)
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
