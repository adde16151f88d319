"""Removing one candidate's personal data while keeping what analytics counts.

Retention and erasure both end here. Kept: statuses, stages, timings, token counts,
scores per criterion and competency (with their "insufficient evidence" status), so
funnel, duration and score analytics add up the same before and after. Removed: name,
email (the lookup hash becomes a placeholder), every message's text (answers, and the
interviewer's turns that address the candidate by name or quote them), evidence
quotes, feedback, summaries, notes, the candidate's copies in webhook payloads and
stored API responses.
"""

from sqlalchemy import select, update

from app.extensions import db
from app.models import (
    ConsentRecord,
    Evaluation,
    IdempotencyKey,
    InterviewSession,
    Invitation,
    Message,
    WebhookDelivery,
    utcnow,
)

PLACEHOLDER_HASH = "anonymized:{id}"


def _scrub_evaluation(evaluation: Evaluation) -> None:
    evaluation.competency_scores = {
        key: {**item, "evidence": []}
        for key, item in (evaluation.competency_scores or {}).items()
    }
    evaluation.feedback = ""
    evaluation.details = {}
    evaluation.error = ""


def _scrub_session(session: InterviewSession) -> int:
    session.stage_note = ""
    session.summary = ""
    session.running_summary = ""
    session.strengths = []
    session.gaps = []
    cleared = db.session.execute(
        update(Message)
        .where(Message.session_id == session.id, Message.content != "")
        .values(content="")
    ).rowcount
    for evaluation in db.session.scalars(
        select(Evaluation).where(Evaluation.session_id == session.id)
    ):
        _scrub_evaluation(evaluation)
    return cleared or 0


def scrub_copies(invitations: list[Invitation]) -> int:
    """Remove the candidates' copies in webhook payloads and stored API responses
    (the payloads are encrypted, so they are read one by one)."""
    ids = {invitation.id for invitation in invitations}
    emails = [i.email.encode("utf-8") for i in invitations if i.email]
    scrubbed = 0
    for delivery in db.session.scalars(select(WebhookDelivery)):
        candidate = (delivery.payload or {}).get("candidate") or {}
        if candidate.get("invitation_id") in ids:
            delivery.payload = {
                **delivery.payload,
                "candidate": {**candidate, "name": "", "email": ""},
            }
            scrubbed += 1
    if emails:
        for key in db.session.scalars(select(IdempotencyKey)):
            if key.response_body and any(e in key.response_body for e in emails):
                db.session.delete(key)
                scrubbed += 1
    return scrubbed


def anonymize_invitation(invitation: Invitation, now=None) -> dict:
    """Strip one invitation and its session of personal data (the caller commits).
    Running it twice changes nothing more."""
    counts = {"invitations": 0, "messages": 0}
    if invitation.anonymized_at is not None:
        return counts
    invitation.email = ""
    invitation.email_hash = PLACEHOLDER_HASH.format(id=invitation.id)
    invitation.name = ""
    invitation.last_error = None
    invitation.anonymized_at = now or utcnow()
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.invitation_id == invitation.id)
        .values(email_hash=None)
    )
    session = db.session.scalar(
        select(InterviewSession).where(InterviewSession.invitation_id == invitation.id)
    )
    if session is not None:
        counts["messages"] = _scrub_session(session)
    counts["invitations"] = 1
    return counts
