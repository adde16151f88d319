"""A recruiter's override of one question's score, with a reason.

The AI's score stays on the evaluation beside the human one; the override is
audited, and the session's report (overall score, recommendation) is written again
from the overridden scores (app.scoring.service uses Evaluation.human_overall).
"""

from sqlalchemy import select

from app.audit import record_event
from app.errors import InteractionError, NotFound
from app.extensions import db
from app.models import Evaluation, User, utcnow
from app.ownership import get_session
from app.scoring import service as scoring

# Answers still being scored cannot be overridden: the AI's score is not there yet.
OVERRIDABLE = ("scored", "needs_review", "failed")


def override_score(
    actor: User,
    session_id: int,
    question_id: int,
    score: float,
    reason: str,
    *,
    origin: dict | None = None,
) -> Evaluation:
    """Set the human score (0-10) of one answered question, with a reason; audited.
    The session's report is written again when the interview has ended."""
    session = get_session(actor, session_id)
    evaluation = db.session.scalars(
        select(Evaluation).where(
            Evaluation.session_id == session.id,
            Evaluation.question_id == question_id,
        )
    ).first()
    if evaluation is None:
        raise NotFound("This question has no answer in this session.")
    if evaluation.status not in OVERRIDABLE:
        raise InteractionError("This answer is still being scored; try again soon.")
    previous = evaluation.human_overall
    evaluation.human_overall = round(score, 1)
    evaluation.human_reason = reason
    evaluation.human_by_id = actor.id
    evaluation.human_at = utcnow()
    record_event(
        "evaluation.overridden",
        actor=actor,
        target=evaluation,
        details={
            "session_id": session.id,
            "question_id": question_id,
            "ai_score": evaluation.overall,
            "from": previous,
            "to": evaluation.human_overall,
            "reason": reason[:500],
        },
        **(origin or {}),
    )
    db.session.flush()
    scoring.finalize_session(session)
    return evaluation
