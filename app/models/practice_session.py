"""A candidate's practice sessions, the bank questions they have seen, and their saved
job descriptions."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, enum_check, utcnow
from app.models.practice import COMPANY_STYLES, PRACTICE_DIFFICULTIES, TRACKS

PRACTICE_STATUSES = ("pending", "ongoing", "completed", "cancelled", "abandoned")
SESSION_DIFFICULTIES = (*PRACTICE_DIFFICULTIES, "adaptive")


class JobDescription(TimestampMixin, db.Model):
    """A job description a candidate saved to practise against."""

    __tablename__ = "job_descriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    company: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)


class PracticeSession(TimestampMixin, db.Model):
    """One practice interview: its settings, its question plan, and its feedback.

    It runs on the live interview engine: starting it creates a private interview
    (owned by the candidate, never a recruiter's) and its InterviewSession.
    """

    __tablename__ = "practice_sessions"
    __table_args__ = (
        CheckConstraint(enum_check("status", PRACTICE_STATUSES), name="status"),
        CheckConstraint(enum_check("track", TRACKS), name="track"),
        CheckConstraint(enum_check("company", COMPANY_STYLES), name="company"),
        CheckConstraint(
            enum_check("difficulty", SESSION_DIFFICULTIES), name="difficulty"
        ),
        CheckConstraint("length BETWEEN 3 AND 10", name="length"),
        Index("ix_practice_sessions_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    status: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    track: Mapped[str] = mapped_column(String(32), nullable=False)
    company: Mapped[str] = mapped_column(String(16), default="general", nullable=False)
    difficulty: Mapped[str] = mapped_column(
        String(16), default="adaptive", nullable=False
    )
    # The difficulty the next main question is drawn from (adaptive sessions move it).
    current_difficulty: Mapped[str] = mapped_column(
        String(8), default="medium", nullable=False
    )
    length: Mapped[int] = mapped_column(Integer, default=5, nullable=False)
    job_description_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_descriptions.id", ondelete="SET NULL")
    )
    job_description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    interview_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="SET NULL"), unique=True
    )
    # [{"bank_id", "question_id", "difficulty", "main_tag", "kind"}], in order; the
    # first is the warm-up.
    plan: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    overall_score: Mapped[float | None] = mapped_column(Float)
    # Per-answer and per-session feedback, written when the session is finalized.
    feedback: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    interview_session = relationship("InterviewSession")
    user = relationship("User")


class SeenQuestion(db.Model):
    """A bank question a candidate has been asked: once per user and question."""

    __tablename__ = "seen_questions"
    __table_args__ = (UniqueConstraint("user_id", "bank_question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    bank_question_id: Mapped[str] = mapped_column(
        ForeignKey("bank_questions.id", ondelete="CASCADE"), index=True, nullable=False
    )
    times_seen: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    first_seen_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
