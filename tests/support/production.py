"""A production-mode Viva server (gunicorn, one gevent worker) in a subprocess.

Used by the production-server and Redis fan-out tests and by the capacity benchmarks:
production configuration from environment variables, migrations applied with
`flask db upgrade`, then `gunicorn -c gunicorn.conf.py` exactly as `make serve` runs it.
"""

import base64
import os
import subprocess
import sys
from pathlib import Path

from tests.support.server_process import ROOT, ServerProcess

SECRET_KEY = "s" * 48
JWT_SECRET_KEY = "j" * 48
# A real Fernet key (32 url-safe base64 bytes) and a hash key for personal data.
PII_ENCRYPTION_KEY = base64.urlsafe_b64encode(b"p" * 32).decode("ascii")
PII_HASH_KEY = "h" * 48
PII_SECRETS = {"PII_ENCRYPTION_KEYS": PII_ENCRYPTION_KEY, "PII_HASH_KEY": PII_HASH_KEY}


def production_env(url: str, database_url: str, **extra: str) -> dict:
    """Environment for a production process at `url` on `database_url`."""
    return {
        **os.environ,
        "VIVA_NO_DOTENV": "1",
        "APP_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "JWT_SECRET_KEY": JWT_SECRET_KEY,
        **PII_SECRETS,
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


class ProductionServer(ServerProcess):
    """One gunicorn gevent process, started as `make serve` starts it."""

    log_name = "gunicorn"
    stop_timeout = 20

    def __init__(
        self, workdir: Path, database_url: str, wsgi_app: str | None = None, **env: str
    ):
        super().__init__(workdir)
        self.wsgi_app = wsgi_app  # instead of gunicorn.conf.py's run:app
        # The embedded job queue sits beside the database, not in the checkout's
        # instance/ folder.
        env.setdefault("JOBS_QUEUE_URL", f"sqlite:///{Path(workdir) / 'jobs.db'}")
        self.env = production_env(
            self.url, database_url, BIND=f"127.0.0.1:{self.port}", **env
        )

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"] + (
            [self.wsgi_app] if self.wsgi_app else []
        )

    def environment(self) -> dict:
        return self.env

    def start(self, timeout: float = 60) -> "ProductionServer":
        return super().start(timeout)

    def worker_pid(self) -> int | None:
        """The gevent worker's pid (gunicorn's master forks it)."""
        if self.process is None:
            return None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        return int(pids[0]) if pids else None
