"""Legal holds: a candidate's data kept past retention and refused erasure."""

from sqlalchemy import select

from app.audit import record_event
from app.errors import Conflict
from app.extensions import db
from app.models import LegalHold, User, utcnow
from app.ownership import get_invitation


def active_hold(invitation_id: int) -> LegalHold | None:
    """The invitation's legal hold in force, if any."""
    return db.session.scalar(
        select(LegalHold).where(
            LegalHold.invitation_id == invitation_id, LegalHold.released_at.is_(None)
        )
    )


def place_hold(
    actor: User, invitation_id: int, reason: str, origin: dict | None = None
) -> LegalHold:
    """Hold one candidate's data (the actor's own candidate); audited."""
    invitation = get_invitation(actor, invitation_id)
    if active_hold(invitation.id) is not None:
        raise Conflict("This candidate is already under a legal hold.")
    hold = LegalHold(invitation_id=invitation.id, placed_by_id=actor.id, reason=reason)
    db.session.add(hold)
    db.session.flush()
    record_event("legal_hold.placed", actor=actor, target=invitation, **(origin or {}))
    return hold


def release_hold(
    actor: User, invitation_id: int, origin: dict | None = None
) -> LegalHold:
    """End the legal hold on one candidate; audited."""
    invitation = get_invitation(actor, invitation_id)
    hold = active_hold(invitation.id)
    if hold is None:
        raise Conflict("This candidate is not under a legal hold.")
    hold.released_at = utcnow()
    record_event(
        "legal_hold.released", actor=actor, target=invitation, **(origin or {})
    )
    db.session.flush()
    return hold
