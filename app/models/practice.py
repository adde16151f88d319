"""Candidates practising alone: their profile, and (with the bank) their sessions."""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, enum_check

# The practice tracks, company styles and difficulties of the question bank.
TRACKS = (
    "swe_new_grad",
    "swe_experienced",
    "backend",
    "frontend",
    "data_science",
    "product_management",
    "behavioral",
)
TRACK_LABELS = {
    "swe_new_grad": "Software engineer (intern / new grad)",
    "swe_experienced": "Software engineer (experienced)",
    "backend": "Backend engineer",
    "frontend": "Frontend engineer",
    "data_science": "Data science / analytics",
    "product_management": "Product management",
    "behavioral": "Behavioural only",
}
COMPANY_STYLES = ("general", "amazon", "google", "apple", "microsoft", "meta")
PRACTICE_DIFFICULTIES = ("easy", "medium", "hard")
EXPERIENCE_LEVELS = ("student", "new_grad", "junior", "mid", "senior", "lead")
EXPERIENCE_LABELS = {
    "student": "Student / intern",
    "new_grad": "New graduate",
    "junior": "Junior (1-2 years)",
    "mid": "Mid-level (3-5 years)",
    "senior": "Senior (6+ years)",
    "lead": "Lead / principal",
}


class CandidateProfile(TimestampMixin, db.Model):
    """What a practising candidate aims for; one row per user, created on first save."""

    __tablename__ = "candidate_profiles"
    __table_args__ = (
        CheckConstraint(
            "experience_level IS NULL OR "
            + enum_check("experience_level", EXPERIENCE_LEVELS),
            name="experience_level",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    target_role: Mapped[str | None] = mapped_column(String(120))
    experience_level: Mapped[str | None] = mapped_column(String(16))
    preferred_tracks: Mapped[list] = mapped_column(JSON, default=list, nullable=False)

    user = relationship("User")

    def __repr__(self) -> str:
        return f"<CandidateProfile {self.user_id}>"


class BankQuestion(TimestampMixin, db.Model):
    """A question of the bank as loaded from data/questions (`flask questions load`).

    The id is the bank's own; a question removed from the files stays (sessions refer
    to it) but is retired and never selected again.
    """

    __tablename__ = "bank_questions"
    __table_args__ = (
        CheckConstraint(enum_check("track", TRACKS), name="track"),
        CheckConstraint(enum_check("company", COMPANY_STYLES), name="company"),
        CheckConstraint(
            enum_check("difficulty", PRACTICE_DIFFICULTIES), name="difficulty"
        ),
        Index("ix_bank_questions_cell", "track", "company", "difficulty"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    track: Mapped[str] = mapped_column(String(32), nullable=False)
    company: Mapped[str] = mapped_column(String(16), nullable=False)
    difficulty: Mapped[str] = mapped_column(String(8), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    main_tag: Mapped[str] = mapped_column(String(40), nullable=False)
    tags: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    key_points: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    model_answer: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    follow_ups: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    def __repr__(self) -> str:
        return f"<BankQuestion {self.id}>"
