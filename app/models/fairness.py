"""Voluntary self-identification for the fairness check, kept apart from the session.

One row per interview session, written only by the candidate after the interview. It
is never sent to a model and never shown beside a candidate: only the admin fairness
report reads it, as counts per group.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, enum_check, utcnow

PREFER_NOT = "prefer_not_to_say"
SELF_ID_CHOICES = {
    "gender": ("woman", "man", "non_binary", "another_gender", PREFER_NOT),
    "ethnicity": (
        "asian",
        "black",
        "hispanic_or_latino",
        "middle_eastern_or_north_african",
        "native_american_or_alaska_native",
        "pacific_islander",
        "white",
        "two_or_more",
        "another_ethnicity",
        PREFER_NOT,
    ),
    "age_band": ("under_25", "25_34", "35_44", "45_54", "55_plus", PREFER_NOT),
    "disability": ("yes", "no", PREFER_NOT),
}
SELF_ID_FIELDS = tuple(SELF_ID_CHOICES)


class SelfIdentification(db.Model):
    __tablename__ = "self_identifications"
    __table_args__ = tuple(
        CheckConstraint(f"{field} IS NULL OR " + enum_check(field, choices), name=field)
        for field, choices in SELF_ID_CHOICES.items()
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: a candidate answers once; a second submission updates the same row.
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"),
        unique=True,
        nullable=False,
    )
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True, nullable=False
    )
    gender: Mapped[str | None] = mapped_column(String(40))
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    age_band: Mapped[str | None] = mapped_column(String(40))
    disability: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )
