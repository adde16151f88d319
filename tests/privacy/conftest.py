"""A candidate with everything Viva can hold about a person, written as the app does."""

from dataclasses import dataclass

import pytest

from app.extensions import db
from app.invitations import links
from app.live import conductor
from app.models import Evaluation, InterviewSession, Invitation, Message
from tests import factories
from tests.support.mailbox import ConsoleMailbox

NAME = "Zebulon Quixotewright"
EMAIL = "zebulon.quixotewright@example.org"
ANSWER = "I rebuilt the turbo encabulator with prefamulated amulite."
NOTE = "Zebulon knows encabulators"


@dataclass
class Candidate:
    invitation: Invitation
    session: InterviewSession
    evaluation: Evaluation


@pytest.fixture
def console_mail(app, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    return ConsoleMailbox(capsys)


@pytest.fixture
def export_dir(app, monkeypatch, tmp_path):
    folder = tmp_path / "exports"
    monkeypatch.setitem(app.config, "DATA_EXPORT_DIR", str(folder))
    return folder


@pytest.fixture
def candidate(api, recruiter, interview, export_dir):
    invitation, _token = factories.make_invitation(interview, email=EMAIL, name=NAME)
    links.record_consent(invitation)
    session = conductor.start_session(invitation)
    question = interview.questions[0]
    seq = max([m.seq for m in session.messages] or [0])
    db.session.add(
        Message(
            session_id=session.id,
            seq=seq + 1,
            role="candidate",
            question_id=question.id,
            content=ANSWER,
        )
    )
    evaluation = Evaluation(
        session_id=session.id,
        question_id=question.id,
        status="scored",
        provider="offline",
        overall=7.0,
        relevance=7.0,
        completeness=6.0,
        accuracy=8.0,
        clarity=7.0,
        competency_scores={
            "problem_solving": {
                "score": 7,
                "evidence": ["rebuilt the turbo encabulator"],
                "status": "scored",
            }
        },
        feedback="Clear about the encabulator.",
    )
    db.session.add(evaluation)
    db.session.commit()
    api.login(recruiter)
    response = api.patch(
        f"/api/v1/sessions/{session.id}", json={"stage": "advance", "note": NOTE}
    )
    assert response.status_code == 200, response.get_json()
    return Candidate(invitation, session, evaluation)
