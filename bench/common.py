"""Pieces the benchmarks share: percentiles, a candidate's consent flow, process
figures from /proc, and the fake Gemini server in a gevent process of its own."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.server_process import die_with_parent

FAKE_GEMINI_KEY = "test-gemini-key"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def seeding_app(database_url: str):
    """A Flask app on the production server's database with the production server's
    secrets (tests/support/production.py), so the rows it writes (encrypted personal
    fields, hashed emails, signed links) read back on the server."""
    from app import create_app
    from tests.support.production import JWT_SECRET_KEY, PII_SECRETS, SECRET_KEY

    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY=SECRET_KEY,
        JWT_SECRET_KEY=JWT_SECRET_KEY,
        **PII_SECRETS,
    )


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def participant_cookie(http, link: str) -> str:
    """Consent and press Start like a browser (with `http`, a requests.Session);
    return the participant cookie."""
    page = http.get(link, timeout=30).text
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    http.post(link, data={"consent": "1", "csrf_token": form_token}, timeout=30)
    ready = http.get(f"{link}/ready", timeout=30).text
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', ready).group(1)
    http.post(
        f"{link}/start",
        data={"csrf_token": form_token},
        allow_redirects=False,
        timeout=30,
    )
    return http.cookies["viva_participant"]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_fake_gemini(port: int) -> subprocess.Popen:
    """The fake Gemini (the benchmark's stamped turn), gevent-patched so it holds
    thousands of streams without a thread each; returns once it listens."""
    code = (
        "from gevent import monkey; monkey.patch_all()\n"
        "import runpy, sys\n"
        f"sys.argv = ['gemini_server', '--port', '{port}', '--bench']\n"
        "runpy.run_module('tests.fakes.gemini_server', run_name='__main__')\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=die_with_parent,
    )
    said = []
    while not said or "fake Gemini on" not in said[-1]:
        said.append(process.stdout.readline())
        if not said[-1]:
            raise RuntimeError("fake Gemini did not start:\n" + "".join(said))
    return process


def wait_for_http(url: str, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout}s")
