"""Retention periods: how long candidates' and applicants' data is kept.

An invitation's period is its interview's override, else its workspace's period (the
workspace owns the product; an account's own setting from before workspaces still
counts for products outside one), else DATA_RETENTION_DEFAULT_DAYS. An application's
period is its opening's override, else the workspace's, else the default. Periods
count from the last activity: the session's end, else its last activity or start,
else the invitation's creation; an application's last stage change, else its
creation. The purge itself is app/privacy/purge.py.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from app.audit import record_event
from app.errors import Forbidden
from app.extensions import db
from app.models import (
    MANAGER_ROLES,
    Application,
    Interview,
    InterviewSession,
    Invitation,
    LegalHold,
    Opening,
    Product,
    RetentionPolicy,
    User,
    Workspace,
    utcnow,
)
from app.ownership import current_membership

PURGE_MINUTE = 17  # the job's minute past each hour


def default_days() -> int:
    return int(current_app.config["DATA_RETENTION_DEFAULT_DAYS"])


@dataclass
class Periods:
    """Every retention period set anywhere, read once per purge or page."""

    default: int
    by_interview: dict[int, int] = field(default_factory=dict)
    by_opening: dict[int, int] = field(default_factory=dict)
    by_workspace: dict[int, int] = field(default_factory=dict)
    by_account: dict[int, int] = field(default_factory=dict)

    def shortest(self) -> int:
        return min(
            [
                self.default,
                *self.by_interview.values(),
                *self.by_opening.values(),
                *self.by_workspace.values(),
                *self.by_account.values(),
            ]
        )

    def of_product(self, workspace_id: int | None, owner_id: int | None) -> int:
        if workspace_id in self.by_workspace:
            return self.by_workspace[workspace_id]
        return self.by_account.get(owner_id, self.default)


def load_periods() -> Periods:
    """The default and every override (interview, opening, workspace, account)."""
    periods = Periods(default=default_days())
    for policy in db.session.scalars(select(RetentionPolicy)):
        if policy.account_id is not None:
            periods.by_account[policy.account_id] = policy.days
        else:
            periods.by_interview[policy.interview_id] = policy.days
    periods.by_workspace = dict(
        db.session.execute(
            select(Workspace.id, Workspace.retention_days).where(
                Workspace.retention_days.is_not(None)
            )
        ).all()
    )
    periods.by_opening = dict(
        db.session.execute(
            select(Opening.id, Opening.retention_days).where(
                Opening.retention_days.is_not(None)
            )
        ).all()
    )
    return periods


def interview_days(interview_ids, periods: Periods) -> dict[int, int]:
    """The retention period (days) of each interview's candidates."""
    rows = db.session.execute(
        select(Interview.id, Product.workspace_id, Product.owner_id)
        .join(Product, Interview.product_id == Product.id)
        .where(Interview.id.in_(set(interview_ids)))
    )
    return {
        interview_id: periods.by_interview.get(
            interview_id, periods.of_product(workspace_id, owner_id)
        )
        for interview_id, workspace_id, owner_id in rows
    }


def opening_days(opening_ids, periods: Periods) -> dict[int, int]:
    """The retention period (days) of each opening's applicants."""
    rows = db.session.execute(
        select(Opening.id, Product.workspace_id, Product.owner_id)
        .join(Product, Opening.product_id == Product.id)
        .where(Opening.id.in_(set(opening_ids)))
    )
    return {
        opening_id: periods.by_opening.get(
            opening_id, periods.of_product(workspace_id, owner_id)
        )
        for opening_id, workspace_id, owner_id in rows
    }


def days_for(interview_id: int, periods: Periods | None = None) -> int:
    """The retention period (days) of an interview's candidates."""
    periods = periods or load_periods()
    return interview_days([interview_id], periods).get(interview_id, periods.default)


# The last activity in SQL, so the purge reads only rows its shortest period allows.
last_activity_sql = func.coalesce(
    InterviewSession.ended_at,
    InterviewSession.last_activity_at,
    InterviewSession.started_at,
    Invitation.created_at,
)
application_activity_sql = func.coalesce(
    Application.stage_changed_at, Application.created_at
)


def _last_activity(invitation: Invitation, session: InterviewSession | None):
    if session is not None:
        return session.ended_at or session.last_activity_at or session.started_at
    return invitation.created_at


def removal_date(invitation: Invitation) -> datetime | None:
    """When the retention job will anonymize this candidate (None: already done)."""
    if invitation.anonymized_at is not None:
        return None
    days = days_for(invitation.interview_id)
    return _last_activity(invitation, invitation.session) + timedelta(days=days)


def application_removal_date(application: Application) -> datetime | None:
    """When the retention job will anonymize this applicant (None: already done)."""
    if application.anonymized_at is not None:
        return None
    periods = load_periods()
    days = opening_days([application.opening_id], periods).get(
        application.opening_id, periods.default
    )
    last = application.stage_changed_at or application.created_at
    return last + timedelta(days=days)


def held_invitation_ids(invitation_ids) -> set[int]:
    """Which of these invitations are under an active legal hold."""
    wanted = {i for i in invitation_ids if i}
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            select(LegalHold.invitation_id).where(
                LegalHold.invitation_id.in_(wanted), LegalHold.released_at.is_(None)
            )
        )
    )


def next_purge(now: datetime | None = None) -> datetime:
    """When the hourly retention job runs next."""
    now = now or utcnow()
    at = now.replace(minute=PURGE_MINUTE, second=0, microsecond=0)
    return at if at > now else at + timedelta(hours=1)


def set_workspace_days(actor: User, days: int | None) -> Workspace:
    """The actor's current workspace's period (None: back to the default); only
    its owners and admins may set it. Audited."""
    membership = current_membership(actor)
    if membership is None or membership.role not in MANAGER_ROLES:
        raise Forbidden(
            "Only the workspace's owners and admins set its retention period."
        )
    workspace = membership.workspace
    workspace.retention_days = days
    record_event(
        "retention.workspace_set", actor=actor, target=workspace, details={"days": days}
    )
    db.session.flush()
    return workspace


def set_interview_days(actor: User, interview, days: int | None) -> None:
    """One interview's retention override (None: the workspace's period)."""
    _set_policy(RetentionPolicy.interview_id, interview.id, days, "interview_id")
    record_event(
        "retention.interview_set", actor=actor, target=interview, details={"days": days}
    )


def set_opening_days(actor: User, opening: Opening, days: int | None) -> None:
    """One opening's retention override for its applicants (None: the workspace's
    period). Audited."""
    opening.retention_days = days
    record_event(
        "retention.opening_set", actor=actor, target=opening, details={"days": days}
    )
    db.session.flush()


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
