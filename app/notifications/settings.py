"""Each user's notification choices: per event instant, digest or off; the number of
applications that makes an opening worth an email; whether to hear as a viewer."""

from sqlalchemy import select

from app.extensions import db
from app.models import (
    NOTIFICATION_KINDS,
    Membership,
    NotificationSettings,
    User,
)
from app.models.notification import DEFAULT_MODES, DEFAULT_THRESHOLD
from app.upsert import insert_once

# Members who work on a workspace's hiring are emailed; viewers only if they opt in,
# experts never (they see only the interviews they were added to).
NOTIFIED_ROLES = ("owner", "admin", "recruiter")
OPT_IN_ROLES = ("viewer",)
FIELDS = (*NOTIFICATION_KINDS, "threshold_count", "as_viewer")


def defaults() -> dict:
    """The choices of a user who never changed them."""
    return {**DEFAULT_MODES, "threshold_count": DEFAULT_THRESHOLD, "as_viewer": False}


def choices_of(row: NotificationSettings | None) -> dict:
    """A settings row (or none: the defaults) as a plain dict."""
    if row is None:
        return defaults()
    return {field: getattr(row, field) for field in FIELDS}


def get_settings(user: User) -> dict:
    """The user's notification choices."""
    return choices_of(db.session.get(NotificationSettings, user.id))


def update_settings(user: User, **changes) -> dict:
    """Change some of the user's choices (the others keep their value); flushes."""
    insert_once(NotificationSettings, {"user_id": user.id}, ["user_id"])
    row = db.session.get(NotificationSettings, user.id)
    for field in FIELDS:
        if field in changes and changes[field] is not None:
            setattr(row, field, changes[field])
    db.session.flush()
    return choices_of(row)


def recipients(workspace_id: int, kind: str) -> list[tuple[int, dict]]:
    """(user id, choices) of the active members of a workspace who want `kind`."""
    rows = db.session.execute(
        select(Membership.user_id, Membership.role, NotificationSettings)
        .join(User, User.id == Membership.user_id)
        .outerjoin(
            NotificationSettings, NotificationSettings.user_id == Membership.user_id
        )
        .where(
            Membership.workspace_id == workspace_id,
            Membership.role.in_(NOTIFIED_ROLES + OPT_IN_ROLES),
            User.is_active.is_(True),
        )
        .order_by(Membership.user_id)
    )
    wanted = []
    for user_id, role, row in rows:
        choices = choices_of(row)
        if role in OPT_IN_ROLES and not choices["as_viewer"]:
            continue
        if choices[kind] != "off":
            wanted.append((user_id, choices))
    return wanted


def may_receive(user_id: int, workspace_id: int) -> bool:
    """Whether the user is still an active member who is told this workspace's news
    (checked again when the email is written: a member removed meanwhile gets none)."""
    row = db.session.execute(
        select(Membership.role, NotificationSettings.as_viewer)
        .join(User, User.id == Membership.user_id)
        .outerjoin(
            NotificationSettings, NotificationSettings.user_id == Membership.user_id
        )
        .where(
            Membership.workspace_id == workspace_id,
            Membership.user_id == user_id,
            User.is_active.is_(True),
        )
    ).first()
    if row is None:
        return False
    role, as_viewer = row
    return role in NOTIFIED_ROLES or (role in OPT_IN_ROLES and bool(as_viewer))
