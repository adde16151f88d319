"""One way to run a server in a subprocess, for the suite and the benchmarks.

Start it on a free loopback port with its output in a log file, wait until
/api/v1/health answers, stop it, read its log. A child gets SIGTERM when its parent
dies (Linux), so a killed test run or benchmark leaves no server behind. Needs nothing
from the test requirements: the benchmarks use it too.
"""

import ctypes
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def die_with_parent() -> None:
    """In a child before exec: get SIGTERM when the parent dies (PR_SET_PDEATHSIG)."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


class ServerProcess:
    """A server subprocess on a free port; subclasses give its command and env."""

    log_name = "server"
    stop_timeout = 10

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(workdir) / f"{self.log_name}-{self.port}.log"
        self.process = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict:
        raise NotImplementedError

    def start(self, timeout: float = 30) -> "ServerProcess":
        """Start the process and return once /api/v1/health answers 200."""
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (open while it runs)
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.environment(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{self.log_name} exited early:\n{self.log()}")
            try:
                health = requests.get(f"{self.url}/api/v1/health", timeout=1)
                if health.status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"{self.log_name} did not become healthy in {timeout}s:\n{self.log()}"
        )

    def stop(self) -> None:
        """Terminate the process (kill it if it lingers) and close its log."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if getattr(self, "_log", None) and not self._log.closed:
            self._log.close()

    def log(self) -> str:
        """Everything the process has written so far."""
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")
