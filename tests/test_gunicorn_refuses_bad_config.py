"""Production started with refused secrets stops at once with the reason and a
non-zero exit, instead of a worker that gunicorn restarts for ever while requests
hang."""

import subprocess
import sys

import pytest

from tests.support.live_server import free_port
from tests.support.production import ROOT, production_env

pytestmark = pytest.mark.live_server


@pytest.mark.parametrize(
    "secrets, reason",
    [
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY is missing or a known default"),
        ({"JWT_SECRET_KEY": "short"}, "JWT_SECRET_KEY is shorter than 32 characters"),
    ],
)
def test_gunicorn_exits_with_the_reason(tmp_path, secrets, reason):
    url = f"http://127.0.0.1:{free_port()}"
    env = production_env(
        url,
        f"sqlite:///{tmp_path / 'refused.db'}",
        BIND=url.removeprefix("http://"),
        **secrets,
    )
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,  # before the fix this never returned: the worker restarted for ever
    )
    assert done.returncode == 3
    output = done.stdout + done.stderr
    assert f"viva: refusing to start: {reason}" in output
    assert "Booting worker" not in output
