"""Sending notification emails: one at once, or the day's digest per user.

Run by jobs (app.tasks). Each send first claims its rows with a conditional UPDATE
(still pending -> sent), then emails, then commits: a second run of the same job finds
nothing to claim, and on PostgreSQL a concurrent one waits for the first and then finds
nothing either. A failed email is rolled back whole (the rows are pending again) and
the next sweep tries again; instant rows left pending for a day are dropped.
"""

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app.extensions import db
from app.mail import MailError, send_email
from app.models import Notification, User, utcnow
from app.notifications.items import Item, item_for
from app.notifications.service import NEW_NOTIFICATIONS
from app.notifications.settings import may_receive

log = logging.getLogger("viva.notifications")

RETRY_AFTER = timedelta(minutes=1)
GIVE_UP_AFTER = timedelta(days=1)
KIND_TITLES = {
    "completion": "Completed interviews",
    "application": "New applications",
    "threshold": "Openings filling up",
}


def _claim(condition, now: datetime) -> list[Notification]:
    """Mark the pending rows matching `condition` sent; the rows this call claimed."""
    claimed = db.session.scalars(
        update(Notification)
        .where(Notification.status == "pending", condition)
        .values(status="sent", sent_at=now)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    ).all()
    if not claimed:
        return []
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.id.in_(claimed))
        .order_by(Notification.kind, Notification.id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


def _skip(rows: list[Notification]) -> None:
    for row in rows:
        row.status = "skipped"


def _render(template: str, context: dict) -> tuple[str, str]:
    env = current_app.jinja_env
    return (
        env.get_template(f"mail/{template}.txt").render(context),
        env.get_template(f"mail/{template}.html").render(context),
    )


def _context(user: User, items: list[Item]) -> dict:
    groups = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item)
    return {
        "name": user.full_name,
        "items": items,
        "groups": [(KIND_TITLES[kind], group) for kind, group in groups.items()],
        "settings_link": current_app.config["PUBLIC_BASE_URL"].rstrip("/")
        + "/profile#notifications",
        "app_name": current_app.config["APP_NAME"],
    }


def _deliver(user: User, subject: str, template: str, items: list[Item]) -> bool:
    text, html = _render(template, _context(user, items))
    try:
        send_email(user.email, subject, text, html, to_name=user.full_name)
    except MailError as error:
        db.session.rollback()  # the claimed rows are pending again
        log.warning("Notification email to user %s not sent: %s", user.id, error)
        return False
    db.session.commit()
    return True


def send_notification(notification_id: int, now: datetime | None = None) -> str:
    """Email one instant notification unless it went already; "sent", "skipped"
    (its subject or the recipient's access is gone), "failed" or "done" (nothing to
    do: sent before, or by another worker)."""
    now = now or utcnow()
    rows = _claim(
        (Notification.id == notification_id) & (Notification.mode == "instant"), now
    )
    if not rows:
        db.session.rollback()
        return "done"
    row = rows[0]
    user = db.session.get(User, row.user_id)
    item = item_for(row) if may_receive(row.user_id, row.workspace_id) else None
    if item is None:
        _skip(rows)
        db.session.commit()
        return "skipped"
    return "sent" if _deliver(user, item.headline, "notification", [item]) else "failed"


def last_digest_time(now: datetime, hour: int) -> datetime:
    """The most recent digest moment (`hour`:00 UTC) at or before `now`."""
    today = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today <= now else today - timedelta(days=1)


def _digest_condition(user_id: int, cutoff: datetime):
    return (
        (Notification.user_id == user_id)
        & (Notification.mode == "digest")
        & (Notification.created_at < cutoff)
    )


def send_digest(user_id: int, cutoff: datetime, now: datetime) -> bool:
    """Email one user everything for their digest that arrived before `cutoff`; True
    when an email went out."""
    rows = _claim(_digest_condition(user_id, cutoff), now)
    if not rows:
        db.session.rollback()
        return False
    user = db.session.get(User, user_id)
    items, gone = [], []
    for row in rows:
        item = item_for(row) if may_receive(user_id, row.workspace_id) else None
        if item is None:
            gone.append(row)
        else:
            items.append(item)
    _skip(gone)
    if not items:
        db.session.commit()
        return False
    count = len(items)
    subject = f"Your daily digest: {count} update{'s' if count != 1 else ''}"
    return _deliver(user, subject, "notification_digest", items)


def send_due_digests(now: datetime | None = None) -> int:
    """Send every user's digest due now (items from before today's digest hour);
    how many emails went out. Run often: a missed hour is made up at the next run."""
    now = now or utcnow()
    cutoff = last_digest_time(now, int(current_app.config["NOTIFY_DIGEST_HOUR"]))
    user_ids = db.session.scalars(
        select(Notification.user_id)
        .where(
            Notification.status == "pending",
            Notification.mode == "digest",
            Notification.created_at < cutoff,
        )
        .distinct()
    ).all()
    return sum(send_digest(user_id, cutoff, now) for user_id in user_ids)


def due_instant_ids(now: datetime | None = None) -> list[int]:
    """Instant notifications whose job was lost or whose email failed (pending for a
    minute); those pending for a day are dropped (skipped) instead."""
    now = now or utcnow()
    db.session.execute(
        update(Notification)
        .where(
            Notification.status == "pending",
            Notification.mode == "instant",
            Notification.created_at < now - GIVE_UP_AFTER,
        )
        .values(status="skipped")
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(Notification.id)
            .where(
                Notification.status == "pending",
                Notification.mode == "instant",
                Notification.created_at < now - RETRY_AFTER,
            )
            .order_by(Notification.id)
            .limit(200)
        )
    )


def take_new(session) -> list[int]:
    """The instant notifications a transaction stored (after its commit), once."""
    return session.info.pop(NEW_NOTIFICATIONS, None) or []


def forget_new(session) -> None:
    """Notifications of a rolled-back transaction were never stored."""
    session.info.pop(NEW_NOTIFICATIONS, None)
