"""Analytics support tables: running score totals per question, cached AI insights."""

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime

# The row holding a question's answer-level scores (Evaluation.overall). Rubric keys
# start with a letter, so this never names a competency.
OVERALL_KEY = "_overall"


class QuestionScoreTotal(db.Model):
    """Sums of one question's scores, so analytics never re-reads every answer's JSON.

    One row per (question, competency key) plus one OVERALL_KEY row per question.
    `evaluations` counts the evaluations included; a mismatch with the evaluations
    table marks the question's rows stale, and they are rebuilt from the JSON.
    """

    __tablename__ = "question_score_totals"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    competency_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    evaluations: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    scored: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    insufficient: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    total: Mapped[float] = mapped_column(Float, default=0.0, nullable=False)
    total_squares: Mapped[float] = mapped_column(Float, default=0.0, nullable=False)


class InterviewInsight(TimestampMixin, db.Model):
    """The latest AI observations across an interview's candidates, cached."""

    __tablename__ = "interview_insights"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    # [{"kind": "strength" | "gap" | "question" | "funnel" | "note", "text": str}]
    observations: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    provider: Mapped[str] = mapped_column(String(32), nullable=False)
    model: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    # What the observations were drawn from: completed sessions and scored answers.
    completed_sessions: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    scored_answers: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    generated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
