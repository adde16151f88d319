"""The candidate's link: finding its invitation, whether it works, opening and consent.

Services: they flush but never commit, and never touch the request.
"""

from datetime import datetime

from sqlalchemy import select

from app.audit import record_event
from app.extensions import db
from app.invitations.service import refresh_status
from app.invitations.tokens import MAX_TOKEN_LENGTH, hash_token
from app.models import Invitation, utcnow
from app.upsert import update_if

UNOPENED = ("pending", "sent", "failed")


def find_by_token(token: str) -> Invitation | None:
    """The invitation a link token belongs to, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalars(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    ).first()


def link_problem(invitation: Invitation, now: datetime | None = None) -> str | None:
    """Why the link cannot be used: revoked, expired, completed, closed; or None."""
    status = refresh_status(invitation, now)
    if status in ("revoked", "expired", "completed"):
        return status
    if invitation.interview.status != "active":
        return "closed"
    return None


def open_link(invitation: Invitation, now: datetime | None = None) -> None:
    """The candidate opened the link: status opened; opened_at the first time.

    Written only where the database still agrees (a link opened in two tabs at once
    is recorded once; a revocation that lands meanwhile is not undone)."""
    now = now or utcnow()
    if invitation.status in UNOPENED:
        update_if(
            invitation,
            Invitation.status.in_(UNOPENED),
            status="opened",
            next_attempt_at=None,
        )
    if invitation.opened_at is None and update_if(
        invitation, Invitation.opened_at.is_(None), opened_at=now
    ):
        record_event("invitation.opened", target=invitation)
    db.session.flush()


def record_consent(invitation: Invitation, now: datetime | None = None) -> None:
    """The candidate ticked the consent box (recorded once, at its first time)."""
    if invitation.consented_at is None and update_if(
        invitation, Invitation.consented_at.is_(None), consented_at=now or utcnow()
    ):
        record_event("invitation.consented", target=invitation)
    db.session.flush()
