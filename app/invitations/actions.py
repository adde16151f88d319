"""Actions on one invitation after it was sent: resend, revoke, extend.

Services: they flush but never commit. Each writes only where the invitation is still
as it was read (compare-and-set, app/upsert.py), so two recruiters, or one
double-click, acting at once never undo or repeat each other's change.
"""

from datetime import datetime, timedelta

from sqlalchemy import and_

from app.audit import record_event
from app.auth.service import ensure_verified_sender
from app.errors import RACED, Conflict, ValidationError
from app.extensions import db
from app.invitations.service import (
    ACTIONABLE,
    MAX_EXTEND_DAYS,
    IssuedLink,
    ensure_accepting,
    expiry_days,
    refresh_status,
)
from app.invitations.tokens import new_link_token
from app.models import Invitation, User, utcnow
from app.upsert import update_if

# Retries of an extension that keeps meeting concurrent changes, before a 409.
EXTEND_ATTEMPTS = 25

_CANNOT = {
    "revoked": "This invitation was revoked.",
    "started": "The candidate has already started this interview.",
    "completed": "The candidate has already completed this interview.",
}


def _ensure_actionable(invitation: Invitation, action: str, now: datetime) -> None:
    refresh_status(invitation, now)
    if invitation.status not in ACTIONABLE:
        reason = _CANNOT.get(
            invitation.status, f"This invitation is {invitation.status}."
        )
        raise Conflict(f"{reason} It cannot be {action}.")


def resend_invitation(
    invitation: Invitation, *, actor: User, origin: dict | None = None, now=None
) -> IssuedLink:
    """Issue a new link (the old one stops working) with a fresh send budget."""
    now = now or utcnow()
    ensure_verified_sender(actor)
    _ensure_actionable(invitation, "resent", now)
    ensure_accepting(invitation.interview)
    token, token_hash = new_link_token()
    fresh_expiry = now + timedelta(days=expiry_days(invitation.interview))
    # Of two resends at once one link is issued; the other would email a dead one.
    if not update_if(
        invitation,
        and_(
            Invitation.token_hash == invitation.token_hash,
            Invitation.status.in_(ACTIONABLE),
        ),
        token_hash=token_hash,
        previous_token_hash=None,  # every earlier link stops working
        reminded_at=None,  # a fresh link earns its own reminder
        status="pending",
        send_attempts=0,
        last_error=None,
        next_attempt_at=None,
        expires_at=max(invitation.expires_at, fresh_expiry),
    ):
        raise Conflict("This invitation was changed a moment ago. Reload and check.")
    record_event("invitation.resent", actor=actor, target=invitation, **(origin or {}))
    db.session.flush()
    return IssuedLink(invitation.id, token)


def revoke_invitation(
    invitation: Invitation, *, actor: User, origin: dict | None = None, now=None
) -> Invitation:
    """Stop the link working for good; revoking twice changes nothing."""
    now = now or utcnow()
    if invitation.status == "revoked":
        return invitation
    _ensure_actionable(invitation, "revoked", now)
    # Written only if still actionable in the database: of two revocations at once
    # one is recorded; a candidate starting meanwhile keeps their interview.
    if not update_if(
        invitation,
        Invitation.status.in_(ACTIONABLE),
        status="revoked",
        revoked_at=now,
        next_attempt_at=None,
    ):
        if invitation.status == "revoked":
            return invitation
        _ensure_actionable(invitation, "revoked", now)
        raise Conflict(RACED)
    record_event("invitation.revoked", actor=actor, target=invitation, **(origin or {}))
    db.session.flush()
    return invitation


def _status_before_expiry(invitation: Invitation) -> str:
    if invitation.opened_at is not None:
        return "opened"
    if invitation.sent_at is not None:
        return "sent"
    return "failed" if invitation.last_error else "pending"


def _extended(invitation: Invitation, days: int, now: datetime) -> bool:
    """Write the new expiry (and status) if the invitation is still as read."""
    changes = {"expires_at": max(invitation.expires_at, now) + timedelta(days=days)}
    if invitation.status == "expired":
        changes["status"] = _status_before_expiry(invitation)
        if changes["status"] == "failed":
            changes["next_attempt_at"] = now
    as_read = and_(
        Invitation.expires_at == invitation.expires_at,
        Invitation.status == invitation.status,
    )
    return update_if(invitation, as_read, **changes)


def extend_invitation(
    invitation: Invitation,
    days: int,
    *,
    actor: User,
    origin: dict | None = None,
    now: datetime | None = None,
) -> Invitation:
    """Push the expiry back by 1-90 days; an expired link works again."""
    now = now or utcnow()
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        message = f"Choose between 1 and {MAX_EXTEND_DAYS} days."
        raise ValidationError(message, details={"days": [message]})
    ensure_accepting(invitation.interview)
    for _attempt in range(EXTEND_ATTEMPTS):  # each extension adds to the one before
        _ensure_actionable(invitation, "extended", now)
        if _extended(invitation, days, now):
            break
    else:
        raise Conflict(RACED)
    record_event(
        "invitation.extended",
        actor=actor,
        target=invitation,
        details={"days": days, "expires_at": invitation.expires_at.isoformat()},
        **(origin or {}),
    )
    db.session.flush()
    return invitation
