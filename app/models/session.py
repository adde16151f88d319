"""A candidate's interview session, its messages and its per-question evaluations."""

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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, enum_check, utcnow
from app.models.crypto import EncryptedText

SESSION_STATUSES = ("in_progress", "completed", "abandoned")
SESSION_PHASES = ("greeting", "question", "follow_up", "closing", "completed")
RECOMMENDATIONS = ("advance", "consider", "do_not_advance")
STAGES = ("new", "advance", "hold", "reject")
SCORING_STATUSES = ("pending", "running", "done", "needs_review", "failed")
MESSAGE_ROLES = ("interviewer", "candidate")
# One answered question thread's scoring job: pending -> running -> scored, or
# needs_review (invalid evaluator output twice, no number) or failed (provider errors).
EVALUATION_STATUSES = ("pending", "running", "scored", "needs_review", "failed")
CRITERIA = ("relevance", "completeness", "accuracy", "clarity")


class InterviewSession(TimestampMixin, db.Model):
    __tablename__ = "interview_sessions"
    __table_args__ = (
        CheckConstraint(enum_check("status", SESSION_STATUSES), name="status"),
        CheckConstraint(enum_check("phase", SESSION_PHASES), name="phase"),
        CheckConstraint(enum_check("stage", STAGES), name="stage"),
        CheckConstraint(
            enum_check("scoring_status", SCORING_STATUSES), name="scoring_status"
        ),
        CheckConstraint(
            "recommendation IS NULL OR "
            f"{enum_check('recommendation', RECOMMENDATIONS)}",
            name="recommendation",
        ),
        CheckConstraint(
            "overall_score IS NULL OR (overall_score >= 0 AND overall_score <= 100)",
            name="overall_score",
        ),
        # Analytics reads an interview's sessions from these indexes alone: scores,
        # recommendations, where unfinished ones stopped, durations; the funnel joins
        # invitations to their session's status.
        Index(
            "ix_interview_sessions_analytics",
            "interview_id",
            "status",
            "overall_score",
            "recommendation",
            "current_question_id",
            "started_at",
            "ended_at",
        ),
        Index("ix_interview_sessions_invitation_status", "invitation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True, nullable=False
    )
    status: Mapped[str] = mapped_column(
        String(16), default="in_progress", nullable=False, index=True
    )
    phase: Mapped[str] = mapped_column(String(16), default="greeting", nullable=False)
    current_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    follow_ups_asked: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # A short summary of finished question threads keeps AI prompts bounded.
    running_summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    fallback_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # The candidate chose to write several messages: no reply until they say so.
    answer_held: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    started_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The candidate ended the interview before its last question (still completed,
    # and scored on the answers given).
    ended_early: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    overall_score: Mapped[float | None] = mapped_column(Float)
    recommendation: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    strengths: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    gaps: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    stage: Mapped[str] = mapped_column(
        String(16), default="new", nullable=False, index=True
    )
    # The recruiter's note about the candidate: free text about a person, encrypted.
    stage_note: Mapped[str] = mapped_column(EncryptedText(), default="", nullable=False)
    scoring_status: Mapped[str] = mapped_column(
        String(16), default="pending", nullable=False, index=True
    )
    # When a recruiter first opened the finished report (null: an unseen result).
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stage_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The rubric version in force when the session started; every answer of the
    # session is scored against it, whatever later edits do to the rubric.
    rubric_version: Mapped[int | None] = mapped_column(Integer)
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Flags of its answers, for lists: possible_manipulation, low_confidence, ...
    review_flags: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    # When the candidate was told (once) that an answer was in another language than
    # the interview's (app/live/language.py).
    language_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    invitation = relationship("Invitation", back_populates="session")
    messages = relationship(
        "Message",
        back_populates="session",
        order_by="Message.seq",
        passive_deletes=True,
    )
    evaluations = relationship(
        "Evaluation", back_populates="session", passive_deletes=True
    )


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("session_id", "seq"),
        UniqueConstraint("session_id", "client_id"),
        CheckConstraint(enum_check("role", MESSAGE_ROLES), name="role"),
        CheckConstraint("seq >= 1", name="seq"),
        # Analytics counts answers and follow-ups per question from this index alone.
        Index(
            "ix_messages_question_follow_up",
            "question_id",
            "is_follow_up",
            "role",
            "session_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    is_follow_up: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    # The browser's id for an answer, so a resent answer is stored once.
    client_id: Mapped[str | None] = mapped_column(String(64))
    provider: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(64))
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int | None] = mapped_column(Integer)
    fallback: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # A candidate answer's integrity signals, measured in the room and disclosed
    # (app/integrity): pasted_chars, typed_chars, first_key_ms, burst_cps,
    # focus_lost. Plain facts for the recruiter; never scored.
    integrity: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )

    session = relationship("InterviewSession", back_populates="messages")


def _score_range(column: str) -> str:
    return f"{column} IS NULL OR ({column} >= 0 AND {column} <= 10)"


class Evaluation(TimestampMixin, db.Model):
    """One answered question thread's scores; also its durable scoring job."""

    __tablename__ = "evaluations"
    __table_args__ = (
        UniqueConstraint("session_id", "question_id"),
        CheckConstraint(_score_range("overall"), name="overall"),
        CheckConstraint(enum_check("status", EVALUATION_STATUSES), name="status"),
        *(CheckConstraint(_score_range(name), name=name) for name in CRITERIA),
        CheckConstraint(_score_range("human_overall"), name="human_overall"),
        # Analytics counts the answers a recruiter re-scored: few, so a partial index
        # finds them without reading every evaluation.
        Index(
            "ix_evaluations_overridden",
            "question_id",
            postgresql_where=text("human_overall IS NOT NULL"),
            sqlite_where=text("human_overall IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True, nullable=False
    )
    status: Mapped[str] = mapped_column(
        String(16), default="pending", nullable=False, index=True
    )
    # {competency_key: {"score": 0-10 | None, "evidence": [verbatim quote, ...],
    #                   "status": "scored" | "insufficient_evidence"}}
    competency_scores: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    relevance: Mapped[float | None] = mapped_column(Float)
    completeness: Mapped[float | None] = mapped_column(Float)
    accuracy: Mapped[float | None] = mapped_column(Float)
    clarity: Mapped[float | None] = mapped_column(Float)
    # The criteria weighted (EVAL_CRITERIA_WEIGHTS); null unless scored.
    overall: Mapped[float | None] = mapped_column(Float)
    # Max minus min overall of the parallel samples (Gemini); > 2 is low confidence.
    spread: Mapped[float | None] = mapped_column(Float)
    feedback: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # possible_manipulation, low_confidence, needs_review
    flags: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    # Key points covered and missed, each sample's overall, what went wrong.
    details: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    provider: Mapped[str] = mapped_column(String(32), nullable=False)
    model: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    rubric_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    prompt_hash: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # A recruiter's override of the overall (0-10) with a reason; the AI's overall
    # stays in `overall`. The session's overall uses the override (app/scoring).
    human_overall: Mapped[float | None] = mapped_column(Float)
    human_reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    human_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    human_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session = relationship("InterviewSession", back_populates="evaluations")

    @property
    def final_overall(self) -> float | None:
        """The overall that counts: the recruiter's override, else the AI's."""
        return self.human_overall if self.human_overall is not None else self.overall

    question = relationship("Question")
