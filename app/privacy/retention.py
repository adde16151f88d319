"""Retention: candidates' data anonymized once its period has passed.

The period of an invitation is its interview's override, else its account's own
setting, else DATA_RETENTION_DEFAULT_DAYS. It counts from the candidate's last
activity (the session's end, else its last activity or start, else the invitation's
creation). The `purge_expired_personal_data` job runs every hour (app/tasks.py); it
works in batches, skips legal holds, and audits counts, never contents.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from app.audit import record_event
from app.extensions import db
from app.models import (
    InterviewSession,
    Invitation,
    LegalHold,
    RetentionPolicy,
    User,
    utcnow,
)
from app.ownership import accounts_of_interviews
from app.privacy.anonymize import anonymize_invitation, scrub_copies

PURGE_MINUTE = 17  # the job's minute past each hour


def default_days() -> int:
    return int(current_app.config["DATA_RETENTION_DEFAULT_DAYS"])


def policies() -> tuple[dict[int, int], dict[int, int]]:
    by_account, by_interview = {}, {}
    for policy in db.session.scalars(select(RetentionPolicy)):
        if policy.account_id is not None:
            by_account[policy.account_id] = policy.days
        else:
            by_interview[policy.interview_id] = policy.days
    return by_account, by_interview


def days_for(interview_id: int, periods=None) -> int:
    """The retention period (days) of an interview's candidates."""
    by_account, by_interview = periods or policies()
    if interview_id in by_interview:
        return by_interview[interview_id]
    account = accounts_of_interviews([interview_id]).get(interview_id)
    return by_account.get(account, default_days())


# _last_activity() in SQL, so the purge reads only rows its shortest period allows.
last_activity_sql = func.coalesce(
    InterviewSession.ended_at,
    InterviewSession.last_activity_at,
    InterviewSession.started_at,
    Invitation.created_at,
)


def _last_activity(invitation: Invitation, session: InterviewSession | None):
    if session is not None:
        return session.ended_at or session.last_activity_at or session.started_at
    return invitation.created_at


def removal_date(invitation: Invitation) -> datetime | None:
    """When the retention job will anonymize this candidate (None: already done)."""
    if invitation.anonymized_at is not None:
        return None
    session = invitation.session
    days = days_for(invitation.interview_id)
    return _last_activity(invitation, session) + timedelta(days=days)


def held_invitation_ids(invitation_ids) -> set[int]:
    """Which of these invitations are under an active legal hold."""
    return set(
        db.session.scalars(
            select(LegalHold.invitation_id).where(
                LegalHold.invitation_id.in_(set(invitation_ids)),
                LegalHold.released_at.is_(None),
            )
        )
    )


def next_purge(now: datetime | None = None) -> datetime:
    """When the hourly retention job runs next."""
    now = now or utcnow()
    at = now.replace(minute=PURGE_MINUTE, second=0, microsecond=0)
    return at if at > now else at + timedelta(hours=1)


def _due_in(rows, periods, now) -> list[Invitation]:
    accounts = accounts_of_interviews({inv.interview_id for inv, _s in rows})
    by_account, by_interview = periods
    due = []
    for invitation, session in rows:
        days = by_interview.get(
            invitation.interview_id,
            by_account.get(accounts.get(invitation.interview_id), default_days()),
        )
        if _last_activity(invitation, session) + timedelta(days=days) <= now:
            due.append(invitation)
    return due


def purge_expired(now: datetime | None = None, batch_size: int | None = None) -> dict:
    """Anonymize every candidate past retention, one committed batch at a time;
    audit the counts. Running it again finds nothing more to do."""
    now = now or utcnow()
    size = batch_size or int(current_app.config["PII_BATCH_SIZE"])
    periods = policies()
    shortest = min([default_days(), *periods[0].values(), *periods[1].values()])
    counts = {"invitations": 0, "messages": 0, "held": 0, "copies": 0}
    last_id = 0
    while True:
        rows = db.session.execute(
            select(Invitation, InterviewSession)
            .outerjoin(
                InterviewSession, InterviewSession.invitation_id == Invitation.id
            )
            .where(
                Invitation.id > last_id,
                Invitation.anonymized_at.is_(None),
                last_activity_sql <= now - timedelta(days=shortest),
            )
            .order_by(Invitation.id)
            .limit(size)
        ).all()
        if not rows:
            break
        last_id = rows[-1][0].id
        due = _due_in(rows, periods, now)
        held = held_invitation_ids([i.id for i in due])
        due = [i for i in due if i.id not in held]
        counts["held"] += len(held)
        if due:
            counts["copies"] += scrub_copies(due)
        for invitation in due:
            for key, value in anonymize_invitation(invitation, now).items():
                counts[key] += value
        db.session.commit()
    if counts["invitations"]:
        record_event("retention.purged", details=counts)
        db.session.commit()
    return counts


def set_account_days(actor: User, days: int | None) -> None:
    """The actor's own account retention period (None: back to the default)."""
    _set_policy(RetentionPolicy.account_id, actor.id, days, "account_id")
    record_event("retention.account_set", actor=actor, details={"days": days})


def set_interview_days(actor: User, interview, days: int | None) -> None:
    """One interview's retention override (None: the account's period)."""
    _set_policy(RetentionPolicy.interview_id, interview.id, days, "interview_id")
    record_event(
        "retention.interview_set", actor=actor, target=interview, details={"days": days}
    )


def _set_policy(column, record_id: int, days: int | None, field: str) -> None:
    policy = db.session.scalar(select(RetentionPolicy).where(column == record_id))
    if days is None:
        if policy is not None:
            db.session.delete(policy)
    elif policy is None:
        db.session.add(RetentionPolicy(**{field: record_id}, days=days))
    else:
        policy.days = days
    db.session.flush()
