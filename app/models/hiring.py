"""The hiring pipeline: openings published under a product, and the applications
people send to them (contact details, resume, parsing, match score, stage)."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, enum_check
from app.models.crypto import EncryptedText, email_hash

OPENING_STATUSES = ("draft", "open", "closed")
JOB_TYPES = ("full_time", "part_time", "contract", "internship")
WORK_MODES = ("on_site", "hybrid", "remote")
APPLICATION_STAGES = (
    "applied",
    "under_review",
    "interview_scheduled",
    "selected",
    "rejected",
    "withdrawn",
)
PARSE_STATUSES = ("pending", "parsed", "failed")
RESUME_KINDS = ("pdf", "docx")


class Opening(TimestampMixin, db.Model):
    __tablename__ = "openings"
    __table_args__ = (
        CheckConstraint(enum_check("status", OPENING_STATUSES), name="status"),
        CheckConstraint(enum_check("job_type", JOB_TYPES), name="job_type"),
        CheckConstraint(enum_check("work_mode", WORK_MODES), name="work_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # The AI screening interview applicants are invited to.
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    company: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    location: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    department: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    salary_currency: Mapped[str] = mapped_column(
        String(3), default="EUR", nullable=False
    )
    job_type: Mapped[str] = mapped_column(
        String(16), default="full_time", nullable=False
    )
    work_mode: Mapped[str] = mapped_column(
        String(16), default="on_site", nullable=False
    )
    experience_level: Mapped[str] = mapped_column(
        String(16), default="mid", nullable=False
    )
    required_skills: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    status: Mapped[str] = mapped_column(
        String(8), default="draft", nullable=False, index=True
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Days applicants' data is kept after their last activity (None: the
    # workspace's period).
    retention_days: Mapped[int | None] = mapped_column(Integer)

    product = relationship("Product")
    interview = relationship("Interview")
    applications = relationship(
        "Application", back_populates="opening", passive_deletes=True
    )


class Application(TimestampMixin, db.Model):
    __tablename__ = "applications"
    __table_args__ = (
        # One application per address and opening, checked on the keyed hash (the
        # address itself is encrypted, a fresh token each write).
        UniqueConstraint("opening_id", "email_hash"),
        CheckConstraint(enum_check("stage", APPLICATION_STAGES), name="stage"),
        CheckConstraint(enum_check("parse_status", PARSE_STATUSES), name="parse"),
        CheckConstraint(enum_check("resume_kind", RESUME_KINDS), name="resume_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(
        ForeignKey("openings.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # Personal data, encrypted at rest (app/models/crypto.py); email_hash finds it.
    name: Mapped[str] = mapped_column(EncryptedText(), nullable=False)
    email: Mapped[str] = mapped_column(EncryptedText(), nullable=False)
    email_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    phone: Mapped[str] = mapped_column(EncryptedText(), default="", nullable=False)
    location: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    cover_letter: Mapped[str] = mapped_column(
        EncryptedText(), default="", nullable=False
    )
    years_experience: Mapped[float | None] = mapped_column(Float)
    current_company: Mapped[str] = mapped_column(
        String(120), default="", nullable=False
    )
    current_position: Mapped[str] = mapped_column(
        String(120), default="", nullable=False
    )
    expected_salary: Mapped[int | None] = mapped_column(Integer)
    availability: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # The applicant lets the AI interviewer ask about their resume.
    resume_for_interview: Mapped[bool] = mapped_column(
        Boolean, default=False, nullable=False
    )
    # SHA-256 of the "check my application" link token; the token is never stored.
    access_token_hash: Mapped[str] = mapped_column(
        String(64), unique=True, nullable=False
    )

    resume_path: Mapped[str] = mapped_column(String(200), nullable=False)
    # The uploaded file's name often carries the person's name: encrypted too.
    resume_filename: Mapped[str] = mapped_column(EncryptedText(), nullable=False)
    resume_kind: Mapped[str] = mapped_column(String(8), nullable=False)
    resume_size: Mapped[int] = mapped_column(Integer, nullable=False)
    parse_status: Mapped[str] = mapped_column(
        String(8), default="pending", nullable=False, index=True
    )
    parse_error: Mapped[str | None] = mapped_column(Text)
    resume_text: Mapped[str] = mapped_column(
        EncryptedText(), default="", nullable=False
    )
    parsed_skills: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    parsed_years: Mapped[float | None] = mapped_column(Float)
    parsed_level: Mapped[str | None] = mapped_column(String(16))
    # Text in the resume that reads like instructions to an AI ("ignore previous...").
    resume_flags: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    parsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    match_score: Mapped[int | None] = mapped_column(Integer, index=True)
    match_parts: Mapped[list] = mapped_column(JSON, default=list, nullable=False)

    stage: Mapped[str] = mapped_column(
        String(24), default="applied", nullable=False, index=True
    )
    stage_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    interview_scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    # Set once retention or an erasure removed the personal data (app/privacy).
    anonymized_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    opening = relationship("Opening", back_populates="applications")
    invitation = relationship("Invitation")


@event.listens_for(Application.email, "set", retval=False)
def _hash_the_email(target, value, _old, _initiator):
    """Keep the lookup hash in step with the address, whoever sets it."""
    target.email_hash = email_hash(value)
