"""The candidate's link: finding its invitation, whether it works, opening and consent.

Services: they flush but never commit, and never touch the request.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import consent_records
from app.audit import record_event
from app.auth.service import ensure_verified_sender
from app.errors import Conflict
from app.extensions import db
from app.invitations.service import (
    ACTIONABLE,
    IssuedLink,
    ensure_accepting,
    expiry_days,
    refresh_status,
)
from app.invitations.tokens import MAX_TOKEN_LENGTH, hash_token, new_link_token
from app.models import Interview, Invitation, User, utcnow
from app.upsert import update_if

UNOPENED = ("pending", "sent", "failed")


def find_by_token(token: str) -> Invitation | None:
    """The invitation a link token belongs to, or None: its current link, or the
    first email's link after a reminder issued a new one."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(token)
    # Every link page shows the interview and its product: read with the invitation.
    with_interview = joinedload(Invitation.interview).joinedload(Interview.product)
    current = db.session.scalars(
        select(Invitation)
        .where(Invitation.token_hash == digest)
        .options(with_interview)
    ).first()
    if current is not None:
        return current
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.previous_token_hash == digest)
        .options(with_interview)
    ).first()


def sender_contact(invitation: Invitation) -> dict | None:
    """Who a candidate can write to about this invitation: its sender, else the owner
    of the interview's product; None when neither account exists any more."""
    sender = None
    if invitation.created_by_id is not None:
        sender = db.session.get(User, invitation.created_by_id)
    if sender is None or not sender.is_active:
        sender = invitation.interview.product.owner
    if sender is None or not sender.is_active:
        return None
    return {"name": sender.full_name or sender.username, "email": sender.email}


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
    now = now or utcnow()
    if invitation.consented_at is None and update_if(
        invitation, Invitation.consented_at.is_(None), consented_at=now
    ):
        record_event("invitation.consented", target=invitation)
        consent_records.record_consent(invitation, "ai_notice", "welcome_page", now)
    db.session.flush()


def issue_new_link(
    invitation: Invitation, *, actor: User, origin: dict | None = None, now=None
) -> IssuedLink:
    """A fresh link for the recruiter to pass on themselves; no email is sent.

    Only a hash of each link is stored, so an earlier link cannot be shown again: this
    replaces it (the old one, in any email already sent, stops working). The invitation
    counts as sent, so no queued email goes out with a link that no longer works.
    """
    now = now or utcnow()
    ensure_verified_sender(actor)
    if refresh_status(invitation, now) not in ACTIONABLE:
        raise Conflict(
            f"This invitation is {invitation.status}: it has no link to share."
        )
    ensure_accepting(invitation.interview)
    token, invitation.token_hash = new_link_token()
    invitation.previous_token_hash = None  # every earlier link stops working
    if invitation.status in ("pending", "failed", "expired"):
        invitation.status = "sent"
        invitation.sent_at = now
    invitation.next_attempt_at = None
    invitation.last_error = None
    fresh_expiry = now + timedelta(days=expiry_days(invitation.interview))
    invitation.expires_at = max(invitation.expires_at, fresh_expiry)
    record_event(
        "invitation.link_issued", actor=actor, target=invitation, **(origin or {})
    )
    db.session.flush()
    return IssuedLink(invitation.id, token)
