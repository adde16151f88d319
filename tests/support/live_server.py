"""A real Viva server in a subprocess, for browser and contract tests."""

import json
import os
import sys
from pathlib import Path

from config import normalise_database_url
from tests.support import services
from tests.support.server_process import ServerProcess


class LiveServer(ServerProcess):
    """A testing-mode server (tests/support/serve.py) using the suite's database."""

    def __init__(self, workdir: Path, overrides: dict | None = None):
        super().__init__(workdir)
        self.workdir = Path(workdir)
        self.overrides = overrides or {}
        if services.DATABASE_URL:
            self.database_url = normalise_database_url(services.DATABASE_URL)
        else:
            self.database_url = f"sqlite:///{self.workdir / 'live.db'}"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "tests.support.serve"]

    def environment(self) -> dict:
        env = {
            **os.environ,
            "PORT": str(self.port),
            "VIVA_SERVE_DATABASE_URL": self.database_url,
            "VIVA_SERVE_OVERRIDES": json.dumps(self.overrides),
        }
        if services.REDIS_URL:
            env["VIVA_SERVE_REDIS_URL"] = services.REDIS_URL
            env["SOCKETIO_CHANNEL"] = services.SOCKETIO_CHANNEL
        return env
