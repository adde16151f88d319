"""The production server starts under gunicorn's gevent worker.

With production configuration it serves a page, the API and a Socket.IO connection over
WebSocket, which receives a streamed interviewer turn.
"""

import pytest
import requests

from app import create_app
from app.extensions import db
from app.live import conductor
from app.live.participants import participant_token
from tests import factories
from tests.support.production import PII_SECRETS, SECRET_KEY, ProductionServer, migrate
from tests.support.socket_client import InterviewClient

pytestmark = pytest.mark.live_server


@pytest.fixture
def production_server(tmp_path):
    database = f"sqlite:///{tmp_path / 'prod.db'}"
    migrate(database)
    server = ProductionServer(tmp_path, database).start()
    yield server.url, database, server.log_path
    server.stop()


def test_gunicorn_gevent_serves_pages_api_and_sockets(production_server):
    url, database, log_path = production_server
    page = requests.get(f"{url}/", timeout=5)
    assert page.status_code == 200 and "Viva" in page.text
    assert requests.get(f"{url}/api/v1/info", timeout=5).json()["name"] == "Viva"
    assert (
        requests.get(f"{url}/apispec.json", timeout=5).status_code == 401
    )  # admins only

    seeding = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database,
        SECRET_KEY=SECRET_KEY,
        **PII_SECRETS,
    )
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
