"""The hiring pipeline's jobs (resumes, applicants' emails, recruiters'
notifications), kept apart from app/tasks.py, which imports and re-exports them:
edges enqueue through app.tasks as for every other job."""

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from app.background import EVERY_MINUTE, EVERY_QUARTER_HOUR, jobs, seal, unseal
from app.hiring import applications as hiring_applications
from app.hiring import emails as hiring_emails
from app.notifications import delivery as notify

log = logging.getLogger("viva.tasks")


# ---------------------------------------------------------------- hiring
@jobs.task()
def parse_resume(application_id: int) -> str:
    """Read an application's resume (text, skills, years, level) and rescore it."""
    return hiring_applications.parse_application_resume(application_id)


@jobs.periodic_task(EVERY_MINUTE)
def sweep_resumes() -> int:
    """Parse resumes whose job was lost (still pending a minute after applying)."""
    pending = hiring_applications.stale_pending_resumes()
    for application_id in pending:
        parse_resume(application_id)
    return len(pending)


@jobs.task()
def send_application_email(application_id: int, sealed_token: str) -> bool:
    """Email an applicant their confirmation with their personal link."""
    token = unseal(sealed_token)
    if token is None:
        log.warning("Application %s: its queued link could not be read", application_id)
        return False
    return hiring_emails.send_confirmation(application_id, token)


def application_received(application_id: int, token: str) -> None:
    """After the commit that stored an application: parse it, email the applicant."""
    parse_resume(application_id)
    send_application_email(application_id, seal(token))


# ---------------------------------------------------------------- notifications
send_notification = jobs.task(name="send_notification")(notify.send_notification)


@jobs.periodic_task(EVERY_QUARTER_HOUR)
def sweep_notifications(now: datetime | None = None) -> int:
    """Send the digests due; enqueue instant notifications left pending."""
    for notification_id in notify.due_instant_ids(now):
        send_notification(notification_id)
    return notify.send_due_digests(now)


def _enqueue_notifications(session: Session) -> None:
    """After a commit that stored instant notifications, enqueue their emails."""
    try:
        for notification_id in notify.take_new(session):
            send_notification(notification_id)
    except Exception:  # the commit stands; the sweep sends them
        log.exception("Could not enqueue notification emails; the sweep will")
