"""Recruiters' email notifications: each user's choices and the outbox of what to send.

A notification row is one event for one recipient (unique on user, kind and subject),
so an event recorded twice, or a job run twice, still means one email. Rows hold ids
only: names and titles are read when the email is written, so nothing about a
candidate is copied here.
"""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, enum_check, utcnow

# completion: a candidate finished an AI interview; application: someone applied to
# an opening; threshold: an opening reached the user's number of applications.
NOTIFICATION_KINDS = ("completion", "application", "threshold")
# How the user wants each kind: an email at once, in the daily digest, or none.
NOTIFICATION_MODES = ("instant", "digest", "off")
NOTIFICATION_STATUSES = ("pending", "sent", "skipped")
DEFAULT_MODES = {
    "completion": "instant",
    "application": "digest",
    "threshold": "instant",
}
DEFAULT_THRESHOLD = 10


class NotificationSettings(db.Model):
    """One user's notification choices; no row means the defaults."""

    __tablename__ = "notification_settings"
    __table_args__ = tuple(
        CheckConstraint(enum_check(kind, NOTIFICATION_MODES), name=kind)
        for kind in NOTIFICATION_KINDS
    ) + (CheckConstraint("threshold_count >= 1", name="threshold_count"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    completion: Mapped[str] = mapped_column(
        String(8), default=DEFAULT_MODES["completion"], nullable=False
    )
    application: Mapped[str] = mapped_column(
        String(8), default=DEFAULT_MODES["application"], nullable=False
    )
    threshold: Mapped[str] = mapped_column(
        String(8), default=DEFAULT_MODES["threshold"], nullable=False
    )
    threshold_count: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_THRESHOLD, nullable=False
    )
    # Viewers read only, so by default they are not emailed; they may opt in.
    as_viewer: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


class Notification(db.Model):
    """One event for one recipient, waiting for its email or already sent."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "subject_id"),
        CheckConstraint(enum_check("kind", NOTIFICATION_KINDS), name="kind"),
        CheckConstraint(enum_check("mode", ("instant", "digest")), name="mode"),
        CheckConstraint(enum_check("status", NOTIFICATION_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    # The session (completion), application (application) or opening (threshold).
    subject_id: Mapped[int] = mapped_column(Integer, nullable=False)
    # The applications counted when an opening crossed the user's number.
    count: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(8), nullable=False)
    status: Mapped[str] = mapped_column(
        String(8), default="pending", nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
