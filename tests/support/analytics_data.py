"""A small, fully known data set for analytics tests (API, pages, browser).

Rows are written with the model classes, as the evaluator and the live interview would
leave them (see the data contract in app/analytics). Every expected figure in the
tests follows from the tables below by hand:

Rita's product "Acme" holds interview A (3 questions) and B (1 question); her product
"Beta" holds interview C (custom rubric: relevance and teamwork); "Gamma" is empty.
Oscar's product "Zeta" holds interview Z, which must never show up in Rita's figures.
"""

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.invitations.tokens import hash_token, new_link_token
from app.models import (
    Evaluation,
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Product,
    Question,
)
from tests import factories

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
RUBRIC_C = [
    {"key": "relevance", "name": "Relevance", "weight": 50, "anchors": {}},
    {"key": "teamwork", "name": "Teamwork", "weight": 50, "anchors": {}},
]
DEFAULT_KEYS = ("relevance", "completeness", "accuracy", "clarity")

# Interview A. Sessions: (label, status, minutes taken, overall 0-100, recommendation,
# the question index it stopped at). s7 stopped before the first question.
A_SESSIONS = [
    ("s1", "completed", 20, 82.0, "advance", None),
    ("s2", "completed", 30, 64.0, "consider", None),
    ("s3", "completed", 25, 45.0, "do_not_advance", None),
    ("s4", "completed", 40, 91.0, "advance", None),
    ("s5", "abandoned", None, None, None, 1),
    ("s6", "in_progress", None, None, None, 2),
    ("s7", "abandoned", None, None, None, None),
]
# Invitations of A without a session: (status, opened).
A_OTHER_INVITATIONS = [
    ("opened", True),
    ("sent", False),
    ("pending", False),
    ("revoked", False),
]
# (session, question index): (overall 0-10, relevance, completeness, accuracy, clarity)
# None = insufficient evidence (a competency) or needs review (overall).
A_EVALUATIONS = {
    ("s1", 0): (8, 8, 7, 9, 8),
    ("s1", 1): (9, 9, 9, 9, 9),
    ("s1", 2): (7, 7, 6, 8, 7),
    ("s2", 0): (6, 6, 5, 7, 6),
    ("s2", 1): (6, 6, 6, 6, 6),
    ("s2", 2): (6, 6, None, 6, 6),
    ("s3", 0): (4, 4, 3, 5, 4),
    ("s3", 1): (5, 5, None, 5, 5),
    ("s3", 2): None,  # the evaluator's output was invalid: needs review, no scores
    ("s4", 0): (9, 9, 9, 9, 10),
    ("s4", 1): (10, 10, 10, 10, 10),
    ("s4", 2): (8, 8, 8, 8, 8),
    ("s5", 0): (3, 3, None, None, 4),
    ("s6", 0): (7, 7, 7, 7, 7),
    ("s6", 1): (5, 5, 5, 5, 5),
}
# Follow-ups asked: (session, question index): how many.
A_FOLLOW_UPS = {("s1", 0): 1, ("s2", 0): 2, ("s1", 1): 1, ("s4", 2): 1}


def _invitation(session, interview, n, status, *, opened=False):
    token_hash = hash_token(new_link_token()[0])
    invitation = Invitation(
        interview_id=interview.id,
        email=f"candidate{interview.id}-{n}@example.com",
        name=f"Candidate {n}",
        token_hash=token_hash,
        status=status,
        expires_at=T0 + timedelta(days=7),
        sent_at=T0 if status != "pending" else None,
        opened_at=T0 if opened else None,
    )
    session.add(invitation)
    session.flush()
    return invitation


def _evaluation(session_id, question_id, numbers, keys=DEFAULT_KEYS):
    if numbers is None:
        return Evaluation(
            session_id=session_id,
            question_id=question_id,
            competency_scores={},
            overall=None,
            flags=["needs_review"],
            provider="offline",
        )
    overall, *scores = numbers
    competency_scores = {
        key: {
            "score": None if score is None else float(score),
            "evidence": [] if score is None else ["a quote"],
            "status": "insufficient_evidence" if score is None else "scored",
        }
        for key, score in zip(keys, scores, strict=True)
    }
    return Evaluation(
        session_id=session_id,
        question_id=question_id,
        competency_scores=competency_scores,
        overall=float(overall),
        flags=[],
        provider="offline",
    )


class _Transcript:
    """Writes a session's messages in order, as the conductor would."""

    def __init__(self, session, record):
        self.session, self.record, self.seq = session, record, 0

    def say(self, role, question_id, text, follow_up=False):
        self.seq += 1
        self.session.add(
            Message(
                session_id=self.record.id,
                seq=self.seq,
                role=role,
                question_id=question_id,
                is_follow_up=follow_up,
                content=text,
                created_at=T0,
            )
        )


def _session(session, interview, invitation, spec, questions):
    label, status, minutes, overall, recommendation, stopped_at = spec
    if status == "completed":
        asked, current = len(questions), questions[-1]
    elif stopped_at is None:
        asked, current = 0, None
    else:
        asked, current = stopped_at + 1, questions[stopped_at]
    record = InterviewSession(
        invitation_id=invitation.id,
        interview_id=interview.id,
        status=status,
        phase="completed" if status == "completed" else "question",
        current_question_id=current.id if current else None,
        started_at=T0,
        ended_at=T0 + timedelta(minutes=minutes) if minutes else None,
        overall_score=overall,
        recommendation=recommendation,
        scoring_status="done" if overall is not None else "pending",
    )
    session.add(record)
    session.flush()
    return record, asked


def _add_interview(session, product, title, question_count, rubric=None):
    interview = Interview(
        product_id=product.id, role_title=title, status="active", activated_at=T0
    )
    if rubric is not None:
        interview.rubric = rubric
    for position in range(question_count):
        interview.questions.append(
            Question(position=position, text=f"{title} question {position + 1}?")
        )
    session.add(interview)
    session.flush()
    return interview


def _take(session, interview, invitation, spec, evaluations, follow_ups, keys):
    """One candidate's session, transcript and evaluations."""
    questions = interview.questions
    record, asked = _session(session, interview, invitation, spec, questions)
    transcript = _Transcript(session, record)
    label = spec[0]
    for index in range(asked):
        question = questions[index]
        transcript.say("interviewer", question.id, question.text)
        if (label, index) not in evaluations:
            break  # asked, not answered yet: where the session stands
        transcript.say("candidate", question.id, f"{label} answers {index + 1}")
        for _ in range(follow_ups.get((label, index), 0)):
            transcript.say("interviewer", question.id, "Can you say more?", True)
            transcript.say("candidate", question.id, "More detail.", True)
        numbers = evaluations[(label, index)]
        session.add(_evaluation(record.id, question.id, numbers, keys))
    return record


def _single(session, interview, spec, numbers, keys, extra_invitations=()):
    """An interview with one candidate session on its one question."""
    invitation = _invitation(session, interview, 1, spec[1], opened=True)
    _take(session, interview, invitation, spec, {(spec[0], 0): numbers}, {}, keys)
    for n, (status, opened) in enumerate(extra_invitations, start=2):
        _invitation(session, interview, n, status, opened=opened)


def seed(recruiter, other_recruiter, session=None) -> dict:
    """Write the whole data set; returns the ids the tests address."""
    session = session or db.session
    mine = {
        "owner_id": recruiter.id,
        "workspace_id": factories.workspace_id_of(recruiter, session),
    }
    theirs = {
        "owner_id": other_recruiter.id,
        "workspace_id": factories.workspace_id_of(other_recruiter, session),
    }
    acme = Product(name="Acme", **mine)
    beta = Product(name="Beta", **mine)
    gamma = Product(name="Gamma", **mine)
    zeta = Product(name="Zeta", **theirs)
    session.add_all([acme, beta, gamma, zeta])
    session.flush()

    a = _add_interview(session, acme, "Interview A", 3)
    for n, spec in enumerate(A_SESSIONS, start=1):
        status = "completed" if spec[1] == "completed" else "started"
        invitation = _invitation(session, a, n, status, opened=True)
        _take(session, a, invitation, spec, A_EVALUATIONS, A_FOLLOW_UPS, DEFAULT_KEYS)
    for n, (status, opened) in enumerate(A_OTHER_INVITATIONS, start=8):
        _invitation(session, a, n, status, opened=opened)

    b = _add_interview(session, acme, "Interview B", 1)
    spec_b = ("b1", "completed", 10, 55.0, "consider", None)
    _single(session, b, spec_b, (5, 5, 5, 5, 5), DEFAULT_KEYS, [("sent", False)])

    c = _add_interview(session, beta, "Interview C", 1, rubric=RUBRIC_C)
    spec_c = ("c1", "completed", 45, 30.0, "do_not_advance", None)
    extra_c = [("opened", True), ("expired", False)]
    _single(session, c, spec_c, (3, 2, 4), ("relevance", "teamwork"), extra_c)

    z = _add_interview(session, zeta, "Interview Z", 1)
    spec_z = ("z1", "completed", 5, 99.0, "advance", None)
    _single(session, z, spec_z, (10, 10, 10, 10, 10), DEFAULT_KEYS)
    session.commit()
    return {
        "acme": acme.id,
        "beta": beta.id,
        "gamma": gamma.id,
        "zeta": zeta.id,
        "a": a.id,
        "b": b.id,
        "c": c.id,
        "z": z.id,
        "a_questions": [q.id for q in a.questions],
    }
