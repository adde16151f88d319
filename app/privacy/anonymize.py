"""Removing one candidate's personal data while keeping what analytics counts.

Retention and erasure both end here, set-based: a few UPDATE statements per batch of
people, not an ORM loop per row (the purge anonymizes thousands at once).

Kept: statuses, stages, timings, token counts, scores per criterion and competency
(with their "insufficient evidence" status), so funnel, duration and score analytics
add up the same before and after. Removed: name, email (the lookup hash becomes a
placeholder), every message's text (answers, and the interviewer's turns that address
the candidate by name or quote them), evidence quotes, feedback, summaries, notes,
the candidate's copies in webhook payloads and stored API responses.
"""

from sqlalchemy import String, cast, literal, select, update

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


def _placeholder(prefix: str, column):
    """'<prefix><id>' computed in SQL, per row."""
    return literal(prefix) + cast(column, String)


def _scrub_evaluations(session_ids: list[int]) -> None:
    """Evidence quotes, feedback and details removed; scores and statuses kept."""
    rows = db.session.execute(
        select(Evaluation.id, Evaluation.competency_scores).where(
            Evaluation.session_id.in_(session_ids)
        )
    ).all()
    if rows:
        db.session.execute(
            update(Evaluation),
            [
                {
                    "id": evaluation_id,
                    "competency_scores": {
                        key: {**item, "evidence": []}
                        for key, item in (scores or {}).items()
                    },
                    "feedback": "",
                    "details": {},
                    "error": "",
                }
                for evaluation_id, scores in rows
            ],
        )


def anonymize_invitations(invitation_ids: list[int], now=None) -> dict:
    """Strip these invitations and their sessions of personal data in a few bulk
    statements (the caller commits); ones done already are skipped."""
    counts = {"invitations": 0, "messages": 0}
    db.session.flush()
    ids = list(
        db.session.scalars(
            select(Invitation.id).where(
                Invitation.id.in_(invitation_ids), Invitation.anonymized_at.is_(None)
            )
        )
    )
    if not ids:
        return counts
    db.session.execute(
        update(Invitation)
        .where(Invitation.id.in_(ids))
        .values(
            email="",
            name="",
            email_hash=_placeholder("anonymized:", Invitation.id),
            last_error=None,
            anonymized_at=now or utcnow(),
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.invitation_id.in_(ids))
        .values(email_hash=None),
        execution_options={"synchronize_session": False},
    )
    session_ids = list(
        db.session.scalars(
            select(InterviewSession.id).where(InterviewSession.invitation_id.in_(ids))
        )
    )
    if session_ids:
        db.session.execute(
            update(InterviewSession)
            .where(InterviewSession.id.in_(session_ids))
            .values(
                stage_note="", summary="", running_summary="", strengths=[], gaps=[]
            ),
            execution_options={"synchronize_session": False},
        )
        counts["messages"] = (
            db.session.execute(
                update(Message)
                .where(Message.session_id.in_(session_ids), Message.content != "")
                .values(content=""),
                execution_options={"synchronize_session": False},
            ).rowcount
            or 0
        )
        _scrub_evaluations(session_ids)
    db.session.expire_all()  # the ORM copies in this session are stale now
    counts["invitations"] = len(ids)
    return counts


def scrub_webhook_copies(invitation_ids, application_ids=()) -> int:
    """Blank the people's name and email in webhook payloads (encrypted, so read
    one by one)."""
    invitation_ids, application_ids = set(invitation_ids), set(application_ids)
    if not (invitation_ids or application_ids):
        return 0
    scrubbed = 0
    for delivery in db.session.scalars(select(WebhookDelivery)):
        payload = delivery.payload or {}
        candidate = payload.get("candidate") or {}
        if candidate and (
            candidate.get("invitation_id") in invitation_ids
            or payload.get("application_id") in application_ids
        ):
            delivery.payload = {
                **payload,
                "candidate": {**candidate, "name": "", "email": ""},
            }
            scrubbed += 1
    return scrubbed


def drop_stored_responses(emails) -> int:
    """Delete stored idempotent API responses (kept 24 hours) echoing an address."""
    needles = [email.encode("utf-8") for email in emails if email]
    if not needles:
        return 0
    dropped = 0
    for key in db.session.scalars(
        select(IdempotencyKey).where(IdempotencyKey.response_body.is_not(None))
    ):
        if any(needle in key.response_body for needle in needles):
            db.session.delete(key)
            dropped += 1
    return dropped


def scrub_copies(invitations: list[Invitation], applications=()) -> int:
    """Remove the people's copies in webhook payloads and stored API responses."""
    people = [*invitations, *applications]
    return scrub_webhook_copies(
        [i.id for i in invitations], [a.id for a in applications]
    ) + drop_stored_responses(person.email for person in people)


def anonymize_invitation(invitation: Invitation, now=None) -> dict:
    """Strip one invitation and its session of personal data (the caller commits).
    Running it twice changes nothing more."""
    return anonymize_invitations([invitation.id], now)
