"""Interviews for a role and their ordered, planned questions."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
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

INTERVIEW_STATUSES = ("draft", "active", "closed")
SENIORITIES = ("intern", "junior", "mid", "senior", "lead", "principal")
QUESTION_KINDS = ("warmup", "behavioral", "technical", "situational")
DIFFICULTIES = ("easy", "medium", "hard")
QUESTION_SOURCES = ("manual", "ai", "bank")

DEFAULT_RUBRIC = [
    {
        "key": "relevance",
        "name": "Relevance",
        "weight": 30,
        "anchors": {
            "1": "Does not address the question",
            "3": "Partly addresses the question",
            "5": "Directly and fully addresses the question",
        },
    },
    {
        "key": "completeness",
        "name": "Completeness",
        "weight": 25,
        "anchors": {
            "1": "Misses most key points",
            "3": "Covers some key points",
            "5": "Covers every key point with depth",
        },
    },
    {
        "key": "accuracy",
        "name": "Accuracy",
        "weight": 30,
        "anchors": {
            "1": "Mostly incorrect",
            "3": "Mostly correct with gaps",
            "5": "Correct and precise",
        },
    },
    {
        "key": "clarity",
        "name": "Clarity",
        "weight": 15,
        "anchors": {
            "1": "Hard to follow",
            "3": "Understandable",
            "5": "Clear, structured and concise",
        },
    },
]


def default_rubric() -> list[dict]:
    """A fresh copy of the default rubric (relevance 30, completeness 25, ...)."""
    return [dict(item, anchors=dict(item["anchors"])) for item in DEFAULT_RUBRIC]


class Interview(TimestampMixin, db.Model):
    __tablename__ = "interviews"
    __table_args__ = (
        CheckConstraint(enum_check("status", INTERVIEW_STATUSES), name="status"),
        CheckConstraint(enum_check("seniority", SENIORITIES), name="seniority"),
        CheckConstraint("follow_up_depth BETWEEN 0 AND 3", name="follow_up_depth"),
        CheckConstraint("time_limit_minutes BETWEEN 5 AND 240", name="time_limit"),
        CheckConstraint("invite_expiry_days BETWEEN 1 AND 90", name="invite_expiry"),
        CheckConstraint(
            "consider_threshold >= 0 AND consider_threshold <= advance_threshold"
            " AND advance_threshold <= 10",
            name="thresholds",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True, nullable=False
    )
    role_title: Mapped[str] = mapped_column(String(120), nullable=False)
    job_description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    seniority: Mapped[str] = mapped_column(String(16), default="mid", nullable=False)
    skills: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    language: Mapped[str] = mapped_column(String(16), default="en", nullable=False)
    persona_name: Mapped[str] = mapped_column(
        String(60), default="Alex", nullable=False
    )
    persona_tone: Mapped[str] = mapped_column(
        String(60), default="warm and professional", nullable=False
    )
    extra_instructions: Mapped[str] = mapped_column(Text, default="", nullable=False)
    time_limit_minutes: Mapped[int] = mapped_column(Integer, default=30, nullable=False)
    # No time limit: the room shows no timer and the interview never closes for time
    # (an accessibility setting; practice interviews are untimed).
    untimed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # A candidate's own practice interview: no hiring team behind it.
    practice: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    follow_up_depth: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    rubric: Mapped[list] = mapped_column(JSON, default=default_rubric, nullable=False)
    rubric_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    advance_threshold: Mapped[float] = mapped_column(Float, default=7.5, nullable=False)
    consider_threshold: Mapped[float] = mapped_column(
        Float, default=5.0, nullable=False
    )
    invite_expiry_days: Mapped[int] = mapped_column(Integer, default=7, nullable=False)
    # One reminder to invited candidates who have not started, this many days before
    # their link expires; 0 sends none.
    reminder_days_before: Mapped[int] = mapped_column(
        Integer, default=2, server_default="2", nullable=False
    )
    status: Mapped[str] = mapped_column(
        String(16), default="draft", nullable=False, index=True
    )
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    product = relationship("Product", back_populates="interviews")
    questions = relationship(
        "Question",
        back_populates="interview",
        order_by="Question.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    invitations = relationship(
        "Invitation", back_populates="interview", passive_deletes=True
    )


class Question(TimestampMixin, db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(enum_check("kind", QUESTION_KINDS), name="kind"),
        CheckConstraint(enum_check("difficulty", DIFFICULTIES), name="difficulty"),
        CheckConstraint(enum_check("source", QUESTION_SOURCES), name="source"),
        CheckConstraint("follow_up_budget BETWEEN 0 AND 3", name="follow_up_budget"),
        CheckConstraint("position >= 0", name="position"),
        Index("ix_questions_interview_id_position", "interview_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), default="technical", nullable=False)
    difficulty: Mapped[str] = mapped_column(String(8), default="medium", nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    skills: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    # Never shown to candidates: what a good answer covers.
    key_points: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    model_answer: Mapped[str] = mapped_column(Text, default="", nullable=False)
    follow_up_budget: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    source: Mapped[str] = mapped_column(String(8), default="manual", nullable=False)
    approved: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    interview = relationship("Interview", back_populates="questions")


class RubricVersion(db.Model):
    """A rubric as it was at one version; evaluations name the version they used."""

    __tablename__ = "rubric_versions"
    __table_args__ = (UniqueConstraint("interview_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    rubric: Mapped[list] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
