"""The candidate's rights after an interview: the receipt email, flags on answers,
requests for a person, and what an interview tells candidates (FAQ, feedback).

A receipt row per session makes the receipt email go out once. Each answered question
gets one AnswerFlag row when the receipt is written: its link token is stored only as
a hash, works once and for FLAG_LINK_DAYS. A ReviewRequest belongs to the invitation
(it can come from the welcome page, before any session exists).
"""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, enum_check, utcnow

FLAG_REASONS = ("technical_problem", "question_unclear", "transcript_wrong")
RECEIPT_STATUSES = ("sending", "sent", "failed")
REVIEW_REASONS = ("human_review", "alternative", "accommodation")
REVIEW_STATUSES = ("open", "approved", "declined")


class CandidateReceipt(TimestampMixin, db.Model):
    """The "interview received" email of one completed session."""

    __tablename__ = "candidate_receipts"
    __table_args__ = (
        CheckConstraint(enum_check("status", RECEIPT_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"),
        unique=True,
        nullable=False,
    )
    status: Mapped[str] = mapped_column(String(16), default="sending", nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The feedback report (if the interview offers it), claimed when set.
    feedback_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="", nullable=False)


class AnswerFlag(db.Model):
    """A candidate's flag on one answer (question thread), through a single-use link."""

    __tablename__ = "answer_flags"
    __table_args__ = (
        UniqueConstraint("session_id", "question_id", name="one_per_answer"),
        CheckConstraint(
            "reason IS NULL OR " + enum_check("reason", FLAG_REASONS), name="reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), nullable=False
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    reason: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="", nullable=False)
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )

    @property
    def is_open(self) -> bool:
        """Flagged by the candidate and not yet acknowledged by a recruiter."""
        return self.flagged_at is not None and self.acknowledged_at is None


class ReviewRequest(TimestampMixin, db.Model):
    """A candidate asks for a person: a human review, or an alternative interview."""

    __tablename__ = "review_requests"
    __table_args__ = (
        CheckConstraint(enum_check("reason", REVIEW_REASONS), name="reason"),
        CheckConstraint(enum_check("status", REVIEW_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True, nullable=False
    )
    reason: Mapped[str] = mapped_column(String(32), nullable=False)
    message: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="open", nullable=False)
    meeting_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    meeting_link: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    response: Mapped[str] = mapped_column(Text, default="", nullable=False)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    invitation = relationship("Invitation")


class CandidateSettings(db.Model):
    """What an interview offers its candidates: the FAQ and the feedback report.

    Apart from the interview row, so these settings change without touching it."""

    __tablename__ = "interview_candidate_settings"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    # [{"question": str, "answer": str}, ...] in the recruiter's order.
    faq: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    feedback_report: Mapped[bool] = mapped_column(
        Boolean, default=False, nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )
