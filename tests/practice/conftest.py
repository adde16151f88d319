"""Practice fixtures: the bank loaded, a candidate, and a way to run a session."""

import pytest

from app.extensions import db
from app.practice import bank
from tests import factories

LONG_ANSWER = (
    "First, I would clarify the goal and the constraints with the people involved, "
    "because the right trade-off depends on them. Then I would measure the current "
    "behaviour, for example latency, error rate and cost, and look at the data. As a "
    "result I would pick the simplest change that fixes the biggest problem, test it "
    "on a small share of traffic, and roll it out while we monitor the metrics. "
    "Finally I would write down what we learned so the team can reuse it."
)


@pytest.fixture
def loaded_bank():
    bank.load_bank()
    db.session.commit()


@pytest.fixture
def candidate(loaded_bank):
    return factories.make_user(
        email="cara@example.com",
        username="cara",
        full_name="Cara Candidate",
        role="candidate",
    )


def run_session(api, *, length=3, answer=LONG_ANSWER, **settings):
    """Create, start and answer a practice session until the interview ends; returns
    (session id, every reply)."""
    body = {"track": "backend", "company": "amazon", "length": length, **settings}
    created = api.post("/api/v1/practice/sessions", json=body)
    assert created.status_code == 201, created.get_json()
    session_id = created.get_json()["id"]
    started = api.post(f"/api/v1/practice/sessions/{session_id}/start")
    assert started.status_code == 200, started.get_json()
    replies = list(started.get_json()["items"])
    for n in range(40):
        response = api.post(
            f"/api/v1/practice/sessions/{session_id}/answers",
            json={"client_id": f"a{n}", "text": answer},
        )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        replies += body["replies"]
        if body["interview_finished"]:
            return session_id, replies
    raise AssertionError("the interview did not finish")
