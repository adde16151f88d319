"""The production server starts under gunicorn's gevent worker.

With production configuration it serves a page, the API and a Socket.IO connection over
WebSocket, which receives a streamed interviewer turn.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from app import create_app
from app.extensions import db
from app.interviews import conductor
from app.interviews.participants import participant_token
from tests import factories
from tests.support.live_server import free_port
from tests.support.socket_client import InterviewClient

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s" * 48
pytestmark = pytest.mark.live_server


@pytest.fixture
def production_server(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = f"sqlite:///{tmp_path / 'prod.db'}"
    env = {
        **os.environ,
        "VIVA_NO_DOTENV": "1",
        "APP_ENV": "production",
        "SECRET_KEY": SECRET,
        "JWT_SECRET_KEY": "j" * 48,
        "DATABASE_URL": database,
        "PUBLIC_BASE_URL": url,
        "BIND": f"127.0.0.1:{port}",
        "COOKIE_SECURE": "false",
        "REDIS_URL": "",
        "MAIL_BACKEND": "console",
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "run.py", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (open while it runs)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(
            "gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text()
        )
    yield url, database, tmp_path / "gunicorn.log"
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_gunicorn_gevent_serves_pages_api_and_sockets(production_server):
    url, database, log_path = production_server
    page = requests.get(f"{url}/", timeout=5)
    assert page.status_code == 200 and "Viva" in page.text
    assert requests.get(f"{url}/api/v1/info", timeout=5).json()["name"] == "Viva"
    assert (
        requests.get(f"{url}/apispec.json", timeout=5).status_code == 401
    )  # admins only

    seeding = create_app("testing", SQLALCHEMY_DATABASE_URI=database, SECRET_KEY=SECRET)
    with seeding.app_context():
        recruiter = factories.make_user()
        interview = factories.make_interview(
            factories.make_product(recruiter), status="active"
        )
        invitation, _ = factories.make_invitation(interview)
        session = conductor.start_session(invitation)
        db.session.commit()
        cookie = participant_token(session.id, invitation.id)
        db.engine.dispose()

    candidate = InterviewClient(url, cookie).connect(transports=("websocket",))
    try:
        assert candidate.wait_for("state")["state"]["status"] == "in_progress"
        greeting = candidate.wait_for("turn_end", timeout=30)["message"]
        assert greeting["seq"] == 1 and greeting["text"].endswith("Question 1?")
    finally:
        candidate.close()
    log = log_path.read_text()
    assert "gevent" in log.lower()
    assert "Traceback" not in log
