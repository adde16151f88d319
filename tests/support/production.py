"""A production-mode Viva server (gunicorn, one gevent worker) in a subprocess.

Used by the production-server and Redis fan-out tests and by the capacity benchmarks:
production configuration from environment variables, migrations applied with
`flask db upgrade`, then `gunicorn -c gunicorn.conf.py` exactly as `make serve` runs it.
"""

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "s" * 48
JWT_SECRET_KEY = "j" * 48


def die_with_parent() -> None:
    """In a child before exec: get SIGTERM when the parent dies (Linux), so a killed
    test run or benchmark leaves no server behind."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(
        1, signal.SIGTERM
    )  # PR_SET_PDEATHSIG


def production_env(url: str, database_url: str, **extra: str) -> dict:
    """Environment for a production process at `url` on `database_url`."""
    return {
        **os.environ,
        "VIVA_NO_DOTENV": "1",
        "APP_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "JWT_SECRET_KEY": JWT_SECRET_KEY,
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": url,
        "COOKIE_SECURE": "false",
        "REDIS_URL": "",
        "MAIL_BACKEND": "console",
        "AI_PROVIDER": "offline",
        "GEMINI_API_KEY": "",
        **extra,
    }


def migrate(database_url: str) -> None:
    """Apply every migration to `database_url`, as `make serve` does."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "run.py", "db", "upgrade"],
        cwd=ROOT,
        env=production_env("http://127.0.0.1", database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stderr}")


class ProductionServer:
    """Start, stop and address one gunicorn gevent process."""

    def __init__(
        self, workdir: Path, database_url: str, wsgi_app: str | None = None, **env: str
    ):
        self.wsgi_app = wsgi_app  # instead of gunicorn.conf.py's run:app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(workdir) / f"gunicorn-{self.port}.log"
        # The embedded job queue sits beside the database, not in the checkout's
        # instance/ folder.
        env.setdefault("JOBS_QUEUE_URL", f"sqlite:///{Path(workdir) / 'jobs.db'}")
        self.env = production_env(
            self.url, database_url, BIND=f"127.0.0.1:{self.port}", **env
        )
        self.process = None

    def start(self, timeout: float = 60) -> "ProductionServer":
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (open while it runs)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
            + ([self.wsgi_app] if self.wsgi_app else []),
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"gunicorn exited early:\n{self.log()}")
            try:
                health = requests.get(f"{self.url}/api/v1/health", timeout=1)
                if health.status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start in {timeout}s:\n{self.log()}")

    def worker_pid(self) -> int | None:
        """The gevent worker's pid (gunicorn's master forks it)."""
        if self.process is None:
            return None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        return int(pids[0]) if pids else None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if getattr(self, "_log", None) and not self._log.closed:
            self._log.close()

    def log(self) -> str:
        return (
            self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        )
