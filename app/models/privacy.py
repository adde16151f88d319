"""Privacy records: retention policies, legal holds, consents, data subject requests."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, enum_check, utcnow
from app.models.crypto import EncryptedText

CONSENT_KINDS = ("ai_notice", "voice", "practice_data", "processing")
CONSENT_SOURCES = (
    "welcome_page",
    "practice_page",
    "api",
    "application_form",
    "interview_room",
)
REQUEST_KINDS = ("export", "erasure")
REQUEST_STATUSES = ("awaiting_confirmation", "queued", "ready", "done", "refused")


class RetentionPolicy(TimestampMixin, db.Model):
    """Days before candidates' data is anonymized: an account's own period, or one
    interview's override (exactly one of the two ids is set)."""

    __tablename__ = "retention_policies"
    __table_args__ = (
        CheckConstraint("days BETWEEN 1 AND 3650", name="days"),
        CheckConstraint(
            "(account_id IS NULL) <> (interview_id IS NULL)", name="one_scope"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), unique=True
    )
    days: Mapped[int] = mapped_column(Integer, nullable=False)


class LegalHold(db.Model):
    """A candidate's data kept past retention and refused erasure (a claim, a
    dispute); released_at ends it."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True, nullable=False
    )
    placed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(EncryptedText(), default="", nullable=False)
    placed_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ConsentRecord(db.Model):
    """One consent a person gave: which text (version), when, where; withdrawable."""

    __tablename__ = "consent_records"
    __table_args__ = (
        CheckConstraint(enum_check("kind", CONSENT_KINDS), name="kind"),
        CheckConstraint(enum_check("source", CONSENT_SOURCES), name="source"),
        Index("ix_consent_records_email_hash", "email_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Who consented, as the keyed hash of their email (found by export and erasure).
    email_hash: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    text_version: Mapped[str] = mapped_column(String(40), nullable=False)
    source: Mapped[str] = mapped_column(String(32), nullable=False)
    given_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PrivacyRequest(TimestampMixin, db.Model):
    """A data subject's export or erasure, asked by them (confirmed by an emailed
    single-use link) or by a recruiter or admin for a candidate of theirs."""

    __tablename__ = "privacy_requests"
    __table_args__ = (
        CheckConstraint(enum_check("kind", REQUEST_KINDS), name="kind"),
        CheckConstraint(enum_check("status", REQUEST_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(24), nullable=False, index=True)
    email: Mapped[str] = mapped_column(EncryptedText(), nullable=False)
    email_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    # A recruiter's or admin's request covers the invitations they may see only.
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # SHA-256 of the emailed confirmation link, then of the download link.
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    download_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    file_name: Mapped[str | None] = mapped_column(String(80))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Why a request was refused (a legal hold), and counts of what was done.
    outcome: Mapped[str] = mapped_column(Text, default="", nullable=False)
