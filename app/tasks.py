"""Background jobs: every task, its schedule, and how work gets enqueued.

To add a job: write the work as a service function that takes ids, loads its rows,
claims them (a conditional UPDATE, so running twice changes nothing) and commits;
declare a `@jobs.task()` here that calls it; enqueue it from an edge after the commit
(`my_task(row_id)`), and if a lost job must not mean lost work, add its rows to a
periodic sweep below. Tasks run in an app context of their own (app/background.py).

Here: scoring answers (enqueued after the commit that queued them, by an SQLAlchemy
listener), invitation and account emails (enqueued by the edges after they commit),
and the sweeps that re-enqueue what a stopped process left undone, every minute and
whenever a consumer starts.
"""

import logging
from datetime import datetime

from flask import current_app
from huey import crontab
from huey.exceptions import RetryTask
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.ai.providers import get_provider
from app.auth import recovery
from app.background import EVERY_MINUTE, EVERY_QUARTER_HOUR, jobs, seal, unseal
from app.extensions import db
from app.integrations import delivery as webhook_delivery
from app.integrations.webhooks import NEW_DELIVERIES
from app.invitations import delivery, reminders
from app.invitations.service import IssuedLink
from app.live import endings
from app.meetings import service as meetings
from app.models import Evaluation, InterviewSession, utcnow
from app.pipeline_tasks import (  # noqa: F401  (the hiring jobs, enqueued through here)
    _enqueue_notifications,
    application_received,
    notify,
    parse_resume,
    send_application_email,
    send_notification,
    sweep_notifications,
    sweep_resumes,
)
from app.privacy import purge, retention
from app.privacy import service as privacy
from app.rights import feedback, receipts, review_requests
from app.scoring import service as scoring
from app.workspaces import service as workspace_service

log = logging.getLogger("viva.tasks")


# ---------------------------------------------------------------- scoring
@jobs.task()
def score_answer(evaluation_id: int) -> str:
    """Score one answer if it is still due; a provider error runs it again later."""
    status = scoring.score_answer(evaluation_id, get_provider(current_app))
    if status == "pending":  # failed with attempts left: back off, then retry
        raise RetryTask(delay=scoring.retry_delay(evaluation_id))
    return status


@jobs.task()
def finish_report(session_id: int) -> bool:
    """Write an ended interview's report once its answers are scored; then the
    candidate's feedback report, if the interview offers one."""
    written = scoring.finish_report(session_id)
    if written and feedback.offered_for_session(session_id):
        send_feedback(session_id)
    return written


@jobs.periodic_task(EVERY_MINUTE)
def sweep_scoring(now: datetime | None = None) -> int:
    """Enqueue answers whose job was lost or whose claim went stale; write due
    reports. How many answers were enqueued."""
    due = scoring.due_evaluation_ids(now)
    for evaluation_id in due:
        score_answer(evaluation_id)
    scoring.finalize_due_sessions()
    return len(due)


@jobs.periodic_task(EVERY_MINUTE)
def sweep_abandoned_sessions(now: datetime | None = None) -> int:
    """Mark interviews left idle past their time limit plus the grace (untimed: past
    the idle limit) abandoned, practice and hiring alike; their answers are scored.
    How many were marked."""
    config = current_app.config
    abandoned = endings.abandon_idle_sessions(
        now or utcnow(),
        int(config["SESSION_ABANDON_GRACE_MINUTES"]),
        int(config["SESSION_UNTIMED_IDLE_MINUTES"]),
    )
    db.session.commit()  # the scoring listener enqueues their answers' jobs
    if abandoned:
        log.info("Marked %d idle interview sessions abandoned", len(abandoned))
    return len(abandoned)


def _identity(instance) -> int | None:
    """A committed row's id without a query (after a commit its attributes expired)."""
    key = inspect(instance).identity
    return key[0] if key else None


def _enqueue_scoring(session: Session) -> None:
    """After a commit that queued scoring (scoring.mark_due), enqueue its jobs. If the
    queue cannot be reached the rows stay pending and the sweep enqueues them."""
    due = session.info.pop(scoring.DUE_KEY, None)
    if not due:
        return
    try:
        for item in dict.fromkeys(due):
            row_id = _identity(item)
            if row_id is None:
                continue
            if isinstance(item, Evaluation):
                score_answer(row_id)
            elif isinstance(item, InterviewSession):
                send_receipt(row_id)  # skips sessions that did not complete
                finish_report(row_id)
    except Exception:  # the commit stands; the sweep makes up for the enqueue
        log.exception("Could not enqueue scoring; the sweep will pick it up")


def _forget_scoring(session: Session) -> None:
    """Work queued in a rolled-back transaction was never stored."""
    session.info.pop(scoring.DUE_KEY, None)


def register_listeners() -> None:
    """Enqueue scoring, webhook deliveries, meeting and notification emails after the
    commits that stored them (create_app calls this)."""
    for name, listener in (
        ("after_commit", _enqueue_scoring),
        ("after_rollback", _forget_scoring),
        ("after_commit", _enqueue_webhooks),
        ("after_rollback", _forget_webhooks),
        ("after_commit", _enqueue_meeting_emails),
        ("after_rollback", _forget_meeting_emails),
        ("after_commit", _enqueue_notifications),
        ("after_rollback", notify.forget_new),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


# ---------------------------------------------------------------- invitation emails
@jobs.task()
def send_invitation_email(
    invitation_id: int, sealed_token: str | None = None, now: datetime | None = None
) -> str:
    """Email an invitation: the link just issued (sealed), or, for a retry or a lost
    send, a new link issued here. A failure schedules the next try (backoff)."""
    if sealed_token is None:
        outcome = delivery.retry_invitation(invitation_id, now)
    else:
        token = unseal(sealed_token)
        if token is None:  # another SECRET_KEY: the sweep resends it with a new link
            log.warning(
                "Invitation %s: its queued link could not be read", invitation_id
            )
            return "skipped"
        outcome = delivery.send_invitation(invitation_id, token, now)
    if outcome == "failed":
        retry_at = delivery.next_attempt_at(invitation_id)
        if retry_at is not None:
            send_invitation_email.schedule((invitation_id,), eta=retry_at)
    return outcome


@jobs.periodic_task(EVERY_MINUTE)
def sweep_invitation_emails(now: datetime | None = None) -> int:
    """Enqueue failed sends whose retry is due and sends that were lost."""
    due = delivery.due_invitation_ids(now or utcnow())
    for invitation_id in due:
        send_invitation_email(invitation_id, now=now)
    return len(due)


@jobs.periodic_task(EVERY_QUARTER_HOUR)
def sweep_reminders(now: datetime | None = None) -> int:
    """Remind invited candidates who have not started, once, before links expire."""
    return reminders.send_due_reminders(now)


def email_invitations(issued: list[IssuedLink]) -> None:
    """Enqueue the emails of freshly issued links; the edge calls it after commit."""
    for link in issued:
        send_invitation_email(link.invitation_id, seal(link.token))


# ---------------------------------------------------------------- account emails
@jobs.task()
def send_account_email(
    purpose: str, user_id: int, sealed_token: str, attempt: int = 1
) -> bool:
    """Email a verification or password-reset link; retry failures with backoff."""
    token = unseal(sealed_token)
    if token is None:
        log.warning("Account email (%s) to user %s: link unreadable", purpose, user_id)
        return False
    if recovery.send_account_email(purpose, user_id, token):
        return True
    config = current_app.config
    if attempt < int(config["MAIL_MAX_ATTEMPTS"]):
        delay = int(config["MAIL_RETRY_BASE_SECONDS"]) * 2 ** (attempt - 1)
        send_account_email.schedule(
            (purpose, user_id, sealed_token, attempt + 1), delay=delay
        )
    return False


def email_account_link(purpose: str, user_id: int, token: str) -> None:
    """Enqueue a verification or reset email; the edge calls it after it commits."""
    send_account_email(purpose, user_id, seal(token))


# ---------------------------------------------------------------- workspace invites
@jobs.task()
def send_workspace_invite(invite_id: int, sealed_token: str) -> bool:
    """Email a workspace invitation link (one try: the inviter can invite again)."""
    token = unseal(sealed_token)
    return token is not None and workspace_service.send_invite_email(invite_id, token)


def email_workspace_invite(issued) -> None:
    """Enqueue a workspace invite email; the edge calls it after it commits."""
    send_workspace_invite(issued.invite_id, seal(issued.token))


# ---------------------------------------------------------------- webhooks
@jobs.task()
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt at a webhook delivery; a failure schedules the next (backoff)."""
    status = webhook_delivery.deliver_webhook(delivery_id)
    if status == "pending":
        retry_at = webhook_delivery.next_attempt_at(delivery_id)
        if retry_at is not None:
            deliver_webhook.schedule((delivery_id,), eta=retry_at)
    return status


@jobs.periodic_task(EVERY_MINUTE)
def sweep_webhooks(now: datetime | None = None) -> int:
    """Attempt deliveries whose retry is due or whose job was lost."""
    return webhook_delivery.deliver_due_webhooks(now)


def _enqueue_webhooks(session: Session) -> None:
    """After a commit that stored deliveries (webhooks.emit, redeliver), enqueue
    them; if the queue cannot be reached the sweep makes up for it."""
    delivery_ids = session.info.pop(NEW_DELIVERIES, None)
    if not delivery_ids:
        return
    try:
        for delivery_id in delivery_ids:
            deliver_webhook(delivery_id)
    except Exception:  # the commit stands; the sweep delivers them
        log.exception("Could not enqueue webhook deliveries; the sweep will")


def _forget_webhooks(session: Session) -> None:
    session.info.pop(NEW_DELIVERIES, None)


# ---------------------------------------------------------------- meetings
@jobs.task(retries=4, retry_delay=60)
def send_meeting_email(meeting_id: int, sequence: int, email: str) -> bool:
    """One attendee's invitation, update or cancellation (.ics attached); a mail
    failure (MailError) is tried again a minute later, four times."""
    return meetings.email_meeting(meeting_id, sequence, email)


def _enqueue_meeting_emails(session: Session) -> None:
    """After a commit that scheduled, moved or cancelled meetings, email everyone."""
    due = session.info.pop(meetings.MEETINGS_DUE, None)
    if not due:
        return
    try:
        for meeting_id, sequence, email in dict.fromkeys(due):
            send_meeting_email(meeting_id, sequence, email)
    except Exception:  # the commit stands; the recruiter can move it again
        log.exception("Could not enqueue meeting emails")


def _forget_meeting_emails(session: Session) -> None:
    session.info.pop(meetings.MEETINGS_DUE, None)


# ---------------------------------------------------------------- candidate receipts
@jobs.task()
def send_receipt(session_id: int) -> str:
    """Email a completed interview's receipt; a failure schedules the next try."""
    outcome = receipts.send_receipt(session_id)
    if outcome == "failed":
        delay = receipts.retry_delay(session_id)
        if delay is not None:
            send_receipt.schedule((session_id,), delay=delay)
    return outcome


@jobs.task()
def send_feedback(session_id: int) -> str:
    """Email the candidate's feedback report (if offered); the sweep retries."""
    return feedback.send_feedback(session_id)


@jobs.periodic_task(EVERY_MINUTE)
def sweep_receipts(now: datetime | None = None) -> int:
    """Enqueue receipts and feedback reports whose job was lost."""
    due = receipts.due_receipt_session_ids(now)
    for session_id in due:
        send_receipt(session_id)
    for session_id in feedback.due_feedback_session_ids(now):
        send_feedback(session_id)
    return len(due)


# ---------------------------------------------------------------- requests for a person
@jobs.task()
def email_review_request(request_id: int, recipient: str, attempt: int = 1) -> bool:
    """Email a request for a person to the owner ("owner"), or the answer to the
    candidate ("candidate"); retry failures with backoff."""
    send = (
        review_requests.email_owner
        if recipient == "owner"
        else review_requests.email_candidate
    )
    if send(request_id):
        return True
    config = current_app.config
    if attempt < int(config["MAIL_MAX_ATTEMPTS"]):
        delay = int(config["MAIL_RETRY_BASE_SECONDS"]) * 2 ** (attempt - 1)
        email_review_request.schedule((request_id, recipient, attempt + 1), delay=delay)
    return False


# ---------------------------------------------------------------- privacy
@jobs.periodic_task(crontab(minute=str(retention.PURGE_MINUTE)))
def purge_expired_personal_data(now: datetime | None = None) -> dict:
    """Anonymize candidates and applicants whose retention period has passed
    (hourly)."""
    return purge.purge_expired(now)


@jobs.task()
def run_privacy_request(request_id: int) -> str | None:
    """Build a data export or carry out an erasure, then email the outcome."""
    return privacy.run_request(request_id)
