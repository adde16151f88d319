"""A real Viva server in a subprocess, for browser and contract tests."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from config import normalise_database_url
from tests.support import services

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """Start, stop and address a Viva server process using the suite's database."""

    def __init__(self, workdir: Path, overrides: dict | None = None):
        self.workdir = Path(workdir)
        self.overrides = overrides or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / f"server-{self.port}.log"
        self.process = None
        if services.DATABASE_URL:
            self.database_url = normalise_database_url(services.DATABASE_URL)
        else:
            self.database_url = f"sqlite:///{self.workdir / 'live.db'}"

    def start(self, timeout: float = 30) -> "LiveServer":
        env = {
            **os.environ,
            "PORT": str(self.port),
            "VIVA_SERVE_DATABASE_URL": self.database_url,
            "VIVA_SERVE_OVERRIDES": json.dumps(self.overrides),
        }
        if services.REDIS_URL:
            env["VIVA_SERVE_REDIS_URL"] = services.REDIS_URL
        # Stays open for the server's lifetime; stop() closes it.
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.serve"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                if (
                    requests.get(f"{self.url}/api/v1/health", timeout=1).status_code
                    == 200
                ):
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"server did not become healthy in {timeout}s:\n{self.log()}"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
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
