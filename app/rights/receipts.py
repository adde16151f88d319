"""The receipt: once an interview completes, the candidate is emailed that it was
received, what happens next, a copy of their transcript, a flag link per answer, and
how to ask for a person.

The job (app/tasks.py send_receipt) is enqueued after the commit that completed the
interview; a periodic sweep enqueues receipts a stopped process never sent. One row
per session (candidate_receipts) is claimed with a conditional UPDATE, so the email
goes out once; a failed send is retried with backoff up to MAIL_MAX_ATTEMPTS, each
try with new flag links (the old ones never reached the candidate).
"""

import logging
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import and_, or_, select, update

from app.branding import product_brand
from app.extensions import db
from app.i18n import format_day, locale_for
from app.mail import MailError, send_email
from app.models import (
    CandidateReceipt,
    InterviewSession,
    Message,
    utcnow,
)
from app.rights import flags
from app.rights.faq import next_steps_answer
from app.rights.links import flag_link, review_request_link
from app.upsert import insert_once

log = logging.getLogger("viva.rights.receipts")

DUE_KEY = "viva_receipts_due"
# A completed session without a receipt this long after it ended lost its job.
STALE = timedelta(minutes=2)
# Sessions older than this are not swept: a receipt weeks late helps nobody.
SWEEP_WINDOW = timedelta(days=2)
SWEEP_BATCH = 100
SEND_LEASE = timedelta(minutes=5)


def _max_attempts() -> int:
    return int(current_app.config["MAIL_MAX_ATTEMPTS"])


def _claim(session_id: int, now: datetime) -> bool:
    """Take the receipt for sending: new, failed, or a send whose lease ran out."""
    insert_once(
        CandidateReceipt,
        {"session_id": session_id, "status": "failed", "attempts": 0},
        ["session_id"],
    )
    result = db.session.execute(
        update(CandidateReceipt)
        .where(
            CandidateReceipt.session_id == session_id,
            CandidateReceipt.attempts < _max_attempts(),
            or_(
                CandidateReceipt.status == "failed",
                and_(
                    CandidateReceipt.status == "sending",
                    CandidateReceipt.updated_at <= now - SEND_LEASE,
                ),
            ),
        )
        .values(
            status="sending",
            attempts=CandidateReceipt.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def send_receipt(session_id: int, now: datetime | None = None) -> str:
    """Email a completed interview's receipt (commits): sent, failed or skipped."""
    now = now or utcnow()
    session = db.session.get(InterviewSession, session_id)
    if session is None or session.status != "completed":
        return "skipped"
    if not _claim(session_id, now):
        return "skipped"
    receipt = db.session.scalars(
        select(CandidateReceipt).where(CandidateReceipt.session_id == session_id)
    ).one()
    tokens = flags.issue_flag_links(session, now)
    subject, text, html = render_receipt(session, tokens)
    invitation = session.invitation
    try:
        send_email(invitation.email, subject, text, html, to_name=invitation.name)
    except MailError as error:
        db.session.rollback()  # the new links never reached anyone
        receipt = db.session.get(CandidateReceipt, receipt.id)
        receipt.status = "failed"
        receipt.last_error = str(error)[:500]
        db.session.commit()
        log.warning("Receipt for session %s not sent: %s", session_id, error)
        return "failed"
    receipt.status = "sent"
    receipt.sent_at = now
    receipt.last_error = ""
    db.session.commit()
    return "sent"


def retry_delay(session_id: int) -> int | None:
    """Seconds before the next try of a failed receipt, or None when none is left."""
    receipt = db.session.scalars(
        select(CandidateReceipt).where(CandidateReceipt.session_id == session_id)
    ).first()
    if receipt is None or receipt.status != "failed":
        return None
    if receipt.attempts >= _max_attempts():
        return None
    base = int(current_app.config["MAIL_RETRY_BASE_SECONDS"])
    return base * 2 ** (receipt.attempts - 1)


def _transcript(session: InterviewSession, tokens: dict[int, str]) -> list[dict]:
    """The conversation, with a flag link after each answered question's last turn."""
    messages = db.session.scalars(
        select(Message).where(Message.session_id == session.id).order_by(Message.seq)
    ).all()
    persona = session.invitation.interview.persona_name
    numbers = {qid: n for n, qid in enumerate(tokens, start=1)}
    lines = []
    for index, message in enumerate(messages):
        following = messages[index + 1] if index + 1 < len(messages) else None
        thread_ends = following is None or following.question_id != message.question_id
        token = tokens.get(message.question_id)
        lines.append(
            {
                "who": persona if message.role == "interviewer" else gettext("You"),
                "role": message.role,
                "text": message.content,
                "flag_link": flag_link(token) if token and thread_ends else None,
                "answer_number": numbers.get(message.question_id),
            }
        )
    return lines


def render_receipt(
    session: InterviewSession, tokens: dict[int, str]
) -> tuple[str, str, str]:
    """The receipt email: (subject, text, html)."""
    invitation = session.invitation
    interview = invitation.interview
    company = interview.product.name
    locale = locale_for(interview.language)
    env = current_app.jinja_env
    with force_locale(locale):  # the interview's language, like every candidate email
        context = {
            "candidate_name": invitation.name,
            "role": interview.role_title,
            "company": company,
            "completed_on": format_day(session.ended_at or utcnow(), locale),
            "next_steps": next_steps_answer(interview.id),
            "transcript": _transcript(session, tokens),
            "flag_days": flags.FLAG_LINK_DAYS,
            "request_link": review_request_link(invitation.id),
            "app_name": current_app.config["APP_NAME"],
            "lang": locale,
            "brand": product_brand(interview.product, absolute=True),
        }
        return (
            gettext(
                "We received your interview for %(role)s at %(company)s",
                role=interview.role_title,
                company=company,
            ),
            env.get_template("mail/receipt.txt").render(context),
            env.get_template("mail/receipt.html").render(context),
        )


def due_receipt_session_ids(now: datetime | None = None) -> list[int]:
    """The sweep's list: recently completed sessions with no receipt (lost jobs)."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(InterviewSession.id)
        .outerjoin(CandidateReceipt, CandidateReceipt.session_id == InterviewSession.id)
        .where(
            InterviewSession.status == "completed",
            InterviewSession.ended_at <= now - STALE,
            InterviewSession.ended_at > now - SWEEP_WINDOW,
            CandidateReceipt.id.is_(None),
        )
        .order_by(InterviewSession.id)
        .limit(SWEEP_BATCH)
    ).all()
    db.session.rollback()
    return list(rows)
