"""One reminder to invited candidates who have not started, before their link expires.

Per interview, `reminder_days_before` (default 2; 0 sends none) days before the
link expires, and at least a day after the invitation went out. Only a hash of each
link is stored, so the reminder carries a new link; the first email's link keeps
working beside it (`previous_token_hash`), so nothing the candidate already holds
breaks. A resend or a copied link by the recruiter replaces both, as before.

The periodic job (app/tasks.py) finds due invitations in batches; each is claimed with
one conditional UPDATE (reminded_at still empty, the link still the one read), so two
workers never remind the same candidate, and a failed send is rolled back whole and
tried again by the next sweep.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from app.audit import record_event
from app.extensions import db
from app.invitations.delivery import render_invitation_email
from app.invitations.tokens import new_link_token
from app.mail import MailError, send_email
from app.models import Interview, InterviewSession, Invitation, utcnow
from app.upsert import update_if

log = logging.getLogger("viva.invitations.reminders")

NOT_STARTED = ("sent", "opened")
REMIND_AFTER_SENT = timedelta(days=1)
MAX_DAYS_BEFORE = 30
BATCH = 100


def _candidates(now: datetime):
    """Invitations that may be reminded now, whatever their interview's days."""
    return (
        select(Invitation.id, Invitation.expires_at, Interview.reminder_days_before)
        .join(Interview, Invitation.interview_id == Interview.id)
        .outerjoin(InterviewSession, InterviewSession.invitation_id == Invitation.id)
        .where(
            Interview.status == "active",
            Interview.reminder_days_before > 0,
            Invitation.status.in_(NOT_STARTED),
            Invitation.reminded_at.is_(None),
            InterviewSession.id.is_(None),
            Invitation.sent_at <= now - REMIND_AFTER_SENT,
            Invitation.expires_at > now,
            Invitation.expires_at <= now + timedelta(days=MAX_DAYS_BEFORE),
        )
        .order_by(Invitation.expires_at, Invitation.id)
    )


def _due(rows, now: datetime) -> list[int]:
    return [
        invitation_id
        for invitation_id, expires_at, days in rows
        if expires_at - timedelta(days=days) <= now
    ]


def due_reminder_ids(now: datetime) -> list[int]:
    """Invitations whose one reminder is due now, soonest expiry first (a batch)."""
    return _due(db.session.execute(_candidates(now)), now)[:BATCH]


def send_reminder(invitation_id: int, now: datetime | None = None) -> bool:
    """Claim, issue the reminder's link and email it (commits); False when another
    worker had it, it is no longer due, or the email failed (rolled back: the next
    sweep tries again)."""
    now = now or utcnow()
    invitation = db.session.get(Invitation, invitation_id)
    due = _due(
        db.session.execute(_candidates(now).where(Invitation.id == invitation_id)), now
    )
    if invitation is None or not due:
        return False
    first_link = invitation.previous_token_hash or invitation.token_hash
    token, token_hash = new_link_token()
    claimed = update_if(
        invitation,
        (Invitation.reminded_at.is_(None))
        & (Invitation.token_hash == invitation.token_hash),
        reminded_at=now,
        token_hash=token_hash,
        previous_token_hash=first_link,
    )
    if not claimed:
        db.session.rollback()
        return False
    email = render_invitation_email(invitation, token, reminder=True)
    try:
        send_email(
            invitation.email,
            email.subject,
            email.text,
            email.html,
            to_name=invitation.name or None,
        )
    except MailError as error:
        db.session.rollback()
        log.warning("Reminder for invitation %s not sent: %s", invitation_id, error)
        return False
    record_event("invitation.reminded", actor=None, target=invitation)
    db.session.commit()
    return True


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder due now (one batch); how many went out."""
    now = now or utcnow()
    return sum(
        send_reminder(invitation_id, now) for invitation_id in due_reminder_ids(now)
    )
