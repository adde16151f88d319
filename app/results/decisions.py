"""The recruiter's stage decision on a candidate: a compare-and-set write with a note,
audited, with the candidate's open answer flags acknowledged on a rejection."""

from sqlalchemy import and_, func

from app.audit import record_event
from app.errors import RACED, Conflict
from app.extensions import db
from app.integrations import events as webhook_events
from app.models import InterviewSession, User, utcnow
from app.ownership import get_session
from app.rights import flags as answer_flags
from app.upsert import update_if

STAGE_ATTEMPTS = 10


def set_stage(
    actor: User,
    session_id: int,
    stage: str,
    note: str = "",
    *,
    acknowledge_flags: bool = False,
    origin: dict | None = None,
) -> InterviewSession:
    """The recruiter's decision on a candidate, with a note; audited.

    Rejecting a candidate with open flags on their answers needs acknowledge_flags:
    the flags are then marked acknowledged and listed in the audit event.

    Compare-and-set: the change is written only if the stage and note are still the
    ones it was decided on, so when two decisions land at once each audit event's
    "from" is the stage it really replaced. Setting what is already there changes
    nothing and records nothing."""
    session = get_session(actor, session_id)
    acknowledged = answer_flags.acknowledge_for_stage(
        actor, session.id, stage, acknowledge_flags
    )
    for _attempt in range(STAGE_ATTEMPTS):
        previous, previous_note = session.stage, session.stage_note
        if (previous, previous_note) == (stage, note):
            if acknowledged:  # the same decision, now with the flags read
                record_event(
                    "session.flags_acknowledged",
                    actor=actor,
                    target=session,
                    details={"stage": stage, "acknowledged_flags": acknowledged},
                    **(origin or {}),
                )
                db.session.flush()
            return session
        # The note is encrypted (a fresh token per write), so the compare-and-set
        # checks the stage and when it last changed instead of the note's text.
        changed_at = session.stage_changed_at
        now = utcnow()
        if update_if(
            session,
            and_(
                InterviewSession.stage == previous,
                InterviewSession.stage_changed_at.is_(None)
                if changed_at is None
                else InterviewSession.stage_changed_at == changed_at,
            ),
            stage=stage,
            stage_note=note,
            stage_changed_at=now,
            reviewed_at=func.coalesce(InterviewSession.reviewed_at, now),
        ):
            record_event(
                "session.stage_changed",
                actor=actor,
                target=session,
                # Never the note itself: audit rows hold no free text about people.
                details={
                    "from": previous,
                    "to": stage,
                    "note_length": len(note),
                    **({"acknowledged_flags": acknowledged} if acknowledged else {}),
                },
                **(origin or {}),
            )
            db.session.flush()
            if stage != previous:
                webhook_events.stage_changed(session, previous)
            return session
    raise Conflict(RACED)
