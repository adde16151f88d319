"""How candidates found their interview: one rating per session, given at the end.

Three levels and an optional comment. Recruiters see them per interview, without
names: it is feedback on the interview, not on the candidate.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, enum_check, utcnow

EXPERIENCE_RATINGS = ("good", "okay", "poor")
EXPERIENCE_COMMENT_MAX = 1000


class ExperienceRating(db.Model):
    __tablename__ = "experience_ratings"
    __table_args__ = (
        CheckConstraint(enum_check("rating", EXPERIENCE_RATINGS), name="rating"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: one rating per interview session (the first one is kept).
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"),
        unique=True,
        nullable=False,
    )
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True, nullable=False
    )
    rating: Mapped[str] = mapped_column(String(8), nullable=False)
    comment: Mapped[str] = mapped_column(Text, default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
