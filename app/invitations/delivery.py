"""Emailing invitations: the send and retry jobs' work, and the email itself.

The link token is never stored (only its hash), and never travels in plain text:
- after the edge commits, app/tasks.py enqueues one send_invitation_email job per new
  link, carrying the invitation id and the token sealed with SECRET_KEY (so a Redis or
  SQLite queue never holds a working link); the job unseals it and calls
  send_invitation(). The recruiter's copy of the link is the one emailed;
- a failed send is retried with exponential backoff
  (MAIL_RETRY_BASE_SECONDS * 2^(attempts-1)) until MAIL_MAX_ATTEMPTS. The token of a
  failed send never reached the candidate, so each retry (retry_invitation()) issues
  a NEW token inside the job, at retry time;
- a pending invitation whose job was lost (a process stopped before enqueueing, or with
  it in hand) is found by the periodic sweep (due_invitation_ids()) after
  STALE_PENDING, and retried the same way.

Every send first claims its row with one conditional UPDATE (on the token hash it
expects), so two workers, or a sweep and a queued job, never email the same invitation
twice, and a job holding a token that a resend has replaced sends nothing.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import and_, or_, select, update

from app.audit import record_event
from app.branding import product_brand
from app.extensions import db
from app.i18n import DEFAULT_LOCALE, format_moment, locale_for
from app.integrations import events as webhook_events
from app.invitations.service import refresh_status
from app.invitations.tokens import hash_token, invitation_link, new_link_token
from app.mail import MailError, send_email
from app.models import Interview, Invitation, utcnow

log = logging.getLogger("viva.invitations.delivery")

# How long a claimed send may take before a sweep may try that invitation again.
SEND_LEASE = timedelta(minutes=5)
# A pending invitation untouched this long has lost its queued job (a restart).
STALE_PENDING = timedelta(minutes=2)
SWEEP_BATCH = 100
LAST_ERROR_LIMIT = 500


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def format_expiry(moment: datetime, locale: str = DEFAULT_LOCALE) -> str:
    """A human date for emails and pages: "Friday 4 December 2026 at 14:30 UTC"
    (or the same in the candidate's locale)."""
    return format_moment(moment, locale)


def render_invitation_email(
    invitation: Invitation, token: str, *, reminder: bool = False
) -> RenderedEmail:
    """The invitation email (text and HTML parts) for one candidate and link, in the
    interview's language; with `reminder`, the one reminder to a candidate who has
    not started."""
    interview = invitation.interview
    company = interview.product.name
    locale = locale_for(interview.language)
    context = {
        "candidate_name": invitation.name,
        "role": interview.role_title,
        "company": company,
        "link": invitation_link(token),
        "expires": format_expiry(invitation.expires_at, locale),
        "question_count": sum(1 for q in interview.questions if q.approved),
        "time_limit_minutes": None
        if interview.untimed
        else interview.time_limit_minutes,
        "interviewer_name": interview.persona_name,
        "app_name": current_app.config["APP_NAME"],
        "lang": locale,
        "reminder": reminder,
        "brand": product_brand(interview.product, absolute=True),
        # Every email to a candidate says where to ask for their data (app/privacy).
        "privacy_link": current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/privacy",
    }
    # Straight from the Jinja environment: no request, so no request context processors.
    env = current_app.jinja_env
    with force_locale(locale):
        subject = (
            gettext(
                "Reminder: your interview for %(role)s at %(company)s",
                role=interview.role_title,
                company=company,
            )
            if reminder
            else gettext(
                "Your interview for %(role)s at %(company)s",
                role=interview.role_title,
                company=company,
            )
        )
        return RenderedEmail(
            subject=subject,
            text=env.get_template("mail/invitation.txt").render(context),
            html=env.get_template("mail/invitation.html").render(context),
        )


def send_invitation(invitation_id: int, token: str, now: datetime | None = None) -> str:
    """Email a link issued at creation or resend (commits): sent, failed or skipped."""
    now = now or utcnow()
    claimed = _claim(
        invitation_id,
        (
            Invitation.token_hash == hash_token(token),
            Invitation.status == "pending",
            Invitation.next_attempt_at.is_(None),
        ),
        {"next_attempt_at": now + SEND_LEASE},
    )
    return _deliver(invitation_id, token, now) if claimed else "skipped"


def _due(now: datetime):
    failed_due = and_(
        Invitation.status == "failed",
        Invitation.next_attempt_at.is_not(None),
        Invitation.next_attempt_at <= now,
    )
    lost_pending = and_(
        Invitation.status == "pending",
        Invitation.updated_at <= now - STALE_PENDING,
        or_(Invitation.next_attempt_at.is_(None), Invitation.next_attempt_at <= now),
    )
    return (
        select(Invitation.id, Invitation.token_hash, Invitation.status)
        .join(Interview, Invitation.interview_id == Interview.id)
        .where(Interview.status == "active", Invitation.expires_at > now)
        .where(or_(failed_due, lost_pending))
        .order_by(Invitation.id)
    )


def due_invitation_ids(now: datetime) -> list[int]:
    """The sweep's list: failed sends due for a retry, and lost pending sends."""
    due = db.session.execute(_due(now).limit(SWEEP_BATCH)).all()
    db.session.rollback()
    return [invitation_id for invitation_id, _hash, _status in due]


def retry_invitation(invitation_id: int, now: datetime | None = None) -> str:
    """Retry a due send with a NEW link token issued here (commits): the outcome."""
    now = now or utcnow()
    row = db.session.execute(_due(now).where(Invitation.id == invitation_id)).first()
    db.session.rollback()
    if row is None:
        return "skipped"
    _id, seen_hash, status = row
    token, token_hash = new_link_token()
    claimed = _claim(
        invitation_id,
        (Invitation.token_hash == seen_hash, Invitation.status == status),
        {"token_hash": token_hash, "next_attempt_at": now + SEND_LEASE},
    )
    return _deliver(invitation_id, token, now) if claimed else "skipped"


def next_attempt_at(invitation_id: int) -> datetime | None:
    """When a failed send is retried; None when it is not (sent, or out of attempts)."""
    moment = db.session.scalar(
        select(Invitation.next_attempt_at).where(
            Invitation.id == invitation_id, Invitation.status == "failed"
        )
    )
    db.session.rollback()
    return moment


def _claim(invitation_id: int, conditions, values: dict) -> bool:
    """Take one invitation for sending with a conditional UPDATE; True when this won."""
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _still_ours(invitation_id: int, token_hash: str) -> Invitation | None:
    invitation = db.session.get(Invitation, invitation_id, populate_existing=True)
    if invitation is None or invitation.token_hash != token_hash:
        return None
    return invitation if invitation.status in ("pending", "failed") else None


def _deliver(invitation_id: int, token: str, now: datetime) -> str:
    token_hash = hash_token(token)
    invitation = _still_ours(invitation_id, token_hash)
    if invitation is None:
        db.session.rollback()
        return "skipped"
    if (
        invitation.interview.status != "active"
        or refresh_status(invitation, now) == "expired"
    ):
        invitation.next_attempt_at = None
        db.session.commit()
        return "skipped"
    email = render_invitation_email(invitation, token)
    recipient, name = invitation.email, invitation.name
    # No transaction stays open while the mail service is talking.
    db.session.rollback()
    try:
        send_email(recipient, email.subject, email.text, email.html, to_name=name)
    except MailError as exc:
        error = str(exc)
    else:
        error = None
    invitation = _still_ours(invitation_id, token_hash)
    if invitation is None:
        db.session.rollback()
        return "skipped"
    outcome = (
        _record_failure(invitation, error, now)
        if error
        else _record_sent(invitation, now)
    )
    db.session.commit()
    return outcome


def _record_sent(invitation: Invitation, now: datetime) -> str:
    invitation.status = "sent"
    invitation.sent_at = now
    invitation.send_attempts += 1
    invitation.last_error = None
    invitation.next_attempt_at = None
    record_event(
        "invitation.sent",
        target=invitation,
        details={
            "attempt": invitation.send_attempts,
            "backend": current_app.config["MAIL_BACKEND"],
        },
    )
    webhook_events.invitation_sent(invitation)
    return "sent"


def retry_delay(attempts: int) -> timedelta:
    """The wait after `attempts` failed tries: base * 2^(attempts-1)."""
    base = int(current_app.config["MAIL_RETRY_BASE_SECONDS"])
    return timedelta(seconds=base * 2 ** (attempts - 1))


def _record_failure(invitation: Invitation, error: str, now: datetime) -> str:
    invitation.status = "failed"
    invitation.send_attempts += 1
    invitation.last_error = error[:LAST_ERROR_LIMIT]
    will_retry = invitation.send_attempts < int(current_app.config["MAIL_MAX_ATTEMPTS"])
    invitation.next_attempt_at = (
        now + retry_delay(invitation.send_attempts) if will_retry else None
    )
    log.warning(
        "Invitation %s: send attempt %s failed: %s",
        invitation.id,
        invitation.send_attempts,
        error,
    )
    record_event(
        "invitation.send_failed",
        target=invitation,
        details={
            "attempt": invitation.send_attempts,
            "error": error[:200],
            "will_retry": will_retry,
        },
    )
    return "failed"
