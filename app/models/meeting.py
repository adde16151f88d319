"""The next round with a person: a video meeting scheduled from a candidate's report.

The join link comes from Zoom (its REST API), a Jitsi Meet room, or a URL the
recruiter pastes. `uid` and `sequence` are the iCalendar event's identity and
revision: every reschedule or cancellation sends the same UID with a higher sequence,
so calendars update the event instead of adding another.
"""

from datetime import datetime, timedelta

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, enum_check

MEETING_PROVIDERS = ("zoom", "jitsi", "url")
MEETING_STATUSES = ("scheduled", "cancelled")


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(enum_check("provider", MEETING_PROVIDERS), name="provider"),
        CheckConstraint(enum_check("status", MEETING_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True, nullable=False
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), index=True, nullable=False
    )
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    interviewers: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    provider: Mapped[str] = mapped_column(String(8), nullable=False)
    join_url: Mapped[str] = mapped_column(String(500), nullable=False)
    external_id: Mapped[str | None] = mapped_column(String(64))
    uid: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="scheduled", nullable=False)

    session = relationship("InterviewSession")
    interview = relationship("Interview")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)
