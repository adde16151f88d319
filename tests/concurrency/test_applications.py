"""Twenty submissions of the same application at once, against a real server: one
is stored, the others answer 409 with the envelope; no 5xx."""

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import Application, AuditEvent
from tests import factories
from tests.support.hiring import make_opening
from tests.support.parallel import CLIENTS, assert_no_server_errors, at_once, statuses
from tests.support.resumes import RESUME_LINES, text_pdf

pytestmark = pytest.mark.live_server
TIMEOUT = 30


def test_the_same_email_applies_twenty_times_at_once(server, seeded):
    recruiter = factories.make_user()
    opening = make_opening(recruiter, factories.make_product(recruiter))
    resume, url = text_pdf(RESUME_LINES), f"{server.url}/api/v1/jobs/{opening.id}/apply"

    def apply(_index):
        return requests.post(
            url,
            data={"name": "Ada Lovelace", "email": "ada@example.org", "consent": "1"},
            files={"resume": ("cv.pdf", resume, "application/pdf")},
            timeout=TIMEOUT,
        )

    responses = at_once(apply)
    assert_no_server_errors(responses)
    assert statuses(responses) == {201: 1, 409: CLIENTS - 1}
    for response in responses:
        if response.status_code == 409:
            assert "already applied" in response.json()["error"]["message"]
    db.session.expire_all()
    [application] = db.session.scalars(select(Application)).all()
    received = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.received")
    ).all()
    assert len(received) == 1 and received[0].target_id == application.id
