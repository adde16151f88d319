"""The retention purge: everyone past their period anonymized, in set-based batches.

The `purge_expired_personal_data` job runs it every hour (app/tasks.py). Per batch of
PII_BATCH_SIZE people it reads ids and dates only (no ORM objects), decides in
Python which are due under their own period (app/privacy/retention.py), skips legal
holds, and anonymizes the rest with a handful of bulk UPDATEs; each batch is one
transaction, so a purge stopped half-way resumes where it stopped. Copies in webhook
payloads and stored API responses are scrubbed once at the end. One audit row holds
the counts, never contents. Running it again finds nothing to do.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.audit import record_event
from app.extensions import db
from app.models import (
    Application,
    IdempotencyKey,
    InterviewSession,
    Invitation,
    utcnow,
)
from app.privacy.anonymize import (
    anonymize_invitations,
    drop_stored_responses,
    scrub_webhook_copies,
)
from app.privacy.applicants import anonymize_applications
from app.privacy.retention import (
    Periods,
    application_activity_sql,
    held_invitation_ids,
    interview_days,
    last_activity_sql,
    load_periods,
    opening_days,
)


def _batches(query, size: int):
    """Keyset-paged rows of (id, ...) ordered by id."""
    last_id = 0
    while True:
        rows = db.session.execute(query(last_id).limit(size)).all()
        if not rows:
            return
        yield rows
        last_id = rows[-1][0]


def _purge_invitations(now, periods: Periods, size: int, counts: dict) -> list[int]:
    cutoff = now - timedelta(days=periods.shortest())

    def query(last_id):
        return (
            select(Invitation.id, Invitation.interview_id, last_activity_sql)
            .outerjoin(
                InterviewSession, InterviewSession.invitation_id == Invitation.id
            )
            .where(
                Invitation.id > last_id,
                Invitation.anonymized_at.is_(None),
                last_activity_sql <= cutoff,
            )
            .order_by(Invitation.id)
        )

    purged = []
    for rows in _batches(query, size):
        days = interview_days({row[1] for row in rows}, periods)
        due = [
            row_id
            for row_id, interview_id, last in rows
            if last + timedelta(days=days.get(interview_id, periods.default)) <= now
        ]
        held = held_invitation_ids(due)
        counts["held"] += len(held)
        due = [row_id for row_id in due if row_id not in held]
        counts["copies"] += _drop_responses_of(Invitation, due)
        for key, value in anonymize_invitations(due, now).items():
            counts[key] += value
        db.session.commit()
        purged.extend(due)
    return purged


def _purge_applications(now, periods: Periods, size: int, counts: dict) -> list[int]:
    cutoff = now - timedelta(days=periods.shortest())

    def query(last_id):
        return (
            select(
                Application.id,
                Application.opening_id,
                Application.invitation_id,
                application_activity_sql,
            )
            .where(
                Application.id > last_id,
                Application.anonymized_at.is_(None),
                application_activity_sql <= cutoff,
            )
            .order_by(Application.id)
        )

    purged = []
    for rows in _batches(query, size):
        days = opening_days({row[1] for row in rows}, periods)
        due = [
            (row_id, invitation_id)
            for row_id, opening_id, invitation_id, last in rows
            if last + timedelta(days=days.get(opening_id, periods.default)) <= now
        ]
        held = held_invitation_ids(invitation_id for _id, invitation_id in due)
        kept = [row_id for row_id, invitation_id in due if invitation_id in held]
        counts["held"] += len(kept)
        due_ids = [row_id for row_id, invitation_id in due if invitation_id not in held]
        counts["copies"] += _drop_responses_of(Application, due_ids)
        counts["applications"] += anonymize_applications(due_ids, now)
        db.session.commit()
        purged.extend(due_ids)
    return purged


def purge_expired(now: datetime | None = None, batch_size: int | None = None) -> dict:
    """Anonymize every candidate and applicant past retention, one committed batch
    at a time; audit the counts. Running it again finds nothing more to do."""
    now = now or utcnow()
    size = batch_size or int(current_app.config["PII_BATCH_SIZE"])
    periods = load_periods()
    counts = {
        "invitations": 0,
        "messages": 0,
        "applications": 0,
        "held": 0,
        "copies": 0,
    }
    invitation_ids = _purge_invitations(now, periods, size, counts)
    application_ids = _purge_applications(now, periods, size, counts)
    counts["copies"] += scrub_webhook_copies(invitation_ids, application_ids)
    db.session.commit()
    if counts["invitations"] or counts["applications"]:
        record_event("retention.purged", details=counts)
        db.session.commit()
    return counts


def _drop_responses_of(model, ids: list[int]) -> int:
    """Stored API responses echoing these people's addresses, read before the
    addresses go (only when any response is stored at all)."""
    if not ids or db.session.scalar(select(IdempotencyKey.id).limit(1)) is None:
        return 0
    emails = db.session.scalars(select(model.email).where(model.id.in_(ids)))
    return drop_stored_responses(list(emails))
