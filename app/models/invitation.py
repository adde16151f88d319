"""An invitation of one candidate to one interview, reached via a single-use link."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
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

INVITATION_STATUSES = (
    "pending",
    "sent",
    "failed",
    "opened",
    "started",
    "completed",
    "expired",
    "revoked",
)


class Invitation(TimestampMixin, db.Model):
    __tablename__ = "invitations"
    __table_args__ = (
        # One invitation per address and interview, checked on the keyed hash: the
        # address itself is encrypted (a fresh token each write, so never comparable).
        UniqueConstraint("interview_id", "email_hash"),
        CheckConstraint(enum_check("status", INVITATION_STATUSES), name="status"),
        CheckConstraint("send_attempts >= 0", name="send_attempts"),
        # The analytics funnel counts invited and opened from this index alone.
        Index("ix_invitations_interview_opened", "interview_id", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True, nullable=False
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Personal data, encrypted at rest (app/models/crypto.py); email_hash finds it.
    email: Mapped[str] = mapped_column(EncryptedText(), nullable=False)
    email_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    name: Mapped[str] = mapped_column(EncryptedText(), default="", nullable=False)
    # SHA-256 of the link token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    # The link of the first email, still honoured after a reminder issued a new one.
    previous_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(
        String(16), default="pending", nullable=False, index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    send_attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set once retention or an erasure removed the personal data (app/privacy).
    anonymized_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    interview = relationship("Interview", back_populates="invitations")
    session = relationship(
        "InterviewSession", back_populates="invitation", uselist=False
    )


@event.listens_for(Invitation.email, "set", retval=False)
def _hash_the_email(target, value, _old, _initiator):
    """Keep the lookup hash in step with the address, whoever sets it."""
    target.email_hash = email_hash(value)
