"""Calibration of an interview before go-live: sample answers, AI and human scores."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class Calibration(db.Model):
    """One interview's latest calibration (creating a new one replaces it).

    samples: [{id, question_id, question, quality, answer, ai: {competency: score}}];
    human_scores: {sample id: {competency: score}} once the recruiter scored them;
    result: the agreement figures computed from both (None until scored).
    """

    __tablename__ = "calibrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    rubric_version: Mapped[int] = mapped_column(Integer, nullable=False)
    samples: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    human_scores: Mapped[dict | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
