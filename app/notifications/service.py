"""Recording notifications when something happens (in the caller's transaction).

The webhook events (app.integrations.events) call `interview_completed` and
`application_received` where the change is made, so a notification row is stored
with the change or not at all (an outbox). Each row is unique per recipient, kind and
subject: recording the same event twice adds nothing. The ids of new instant rows are
kept on the session; app.tasks enqueues their emails once the caller commits.
"""

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Application,
    Interview,
    InterviewSession,
    Notification,
    Opening,
    Product,
    utcnow,
)
from app.notifications.settings import recipients
from app.upsert import dialect_insert

# session.info key: ids of instant notifications stored in this transaction.
NEW_NOTIFICATIONS = "viva_new_notifications"


def _record(
    workspace_id: int, kind: str, subject_id: int, *, count: int | None = None
) -> list[int]:
    """Store `kind` for every member who wants it; the ids of the rows added."""
    added = []
    for user_id, choices in recipients(workspace_id, kind):
        if kind == "threshold" and count < choices["threshold_count"]:
            continue
        added += _insert(user_id, workspace_id, kind, subject_id, choices, count)
    return added


def _insert(user_id, workspace_id, kind, subject_id, choices, count) -> list[int]:
    mode = choices[kind]
    statement = (
        dialect_insert(Notification)
        .values(
            user_id=user_id,
            workspace_id=workspace_id,
            kind=kind,
            subject_id=subject_id,
            count=count,
            mode=mode,
            status="pending",
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "subject_id"])
        .returning(Notification.id)
    )
    notification_id = db.session.execute(statement).scalar()
    if notification_id is None:  # already recorded: one email per event
        return []
    if mode == "instant":
        db.session.info.setdefault(NEW_NOTIFICATIONS, []).append(notification_id)
    return [notification_id]


def _workspace_of_product(product_id: int) -> int | None:
    product = db.session.get(Product, product_id)
    return product.workspace_id if product else None


def interview_completed(session: InterviewSession) -> list[int]:
    """A candidate finished an AI interview: tell the workspace's members who want it
    (practice interviews belong to no workspace: nobody is told)."""
    db.session.flush()
    interview = db.session.get(Interview, session.interview_id)
    workspace_id = _workspace_of_product(interview.product_id) if interview else None
    if workspace_id is None:
        return []
    return _record(workspace_id, "completion", session.id)


def application_received(application: Application) -> list[int]:
    """Someone applied: tell the members who want each application, and those whose
    number of applications this opening has now reached (once per opening)."""
    db.session.flush()
    opening = db.session.get(Opening, application.opening_id)
    workspace_id = _workspace_of_product(opening.product_id)
    if workspace_id is None:
        return []
    added = _record(workspace_id, "application", application.id)
    count = db.session.scalar(
        select(func.count(Application.id)).where(Application.opening_id == opening.id)
    )
    return added + _record(workspace_id, "threshold", opening.id, count=count)
