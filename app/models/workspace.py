"""Workspaces (a company's recruiters working together), their members and invites.

A workspace owns products (and through them interviews, invitations, sessions and
results). Candidates' practice products belong to no workspace: practice is personal.
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_check, utcnow

# owner/admin manage members; recruiter creates and changes; viewer reads only;
# expert sees only the interviews a recruiter added them to (their questions).
WORKSPACE_ROLES = ("owner", "admin", "recruiter", "viewer", "expert")
MANAGER_ROLES = ("owner", "admin")
WRITER_ROLES = ("owner", "admin", "recruiter")


class Workspace(db.Model):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), nullable=False)
    # The account this workspace was made for when it had none ("a workspace of
    # one"): unique, so two first requests at once create one workspace, not two.
    personal_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    # Calibration before go-live: the largest AI-human mean absolute difference
    # (0-10 scale, over all competencies) that activates without an override.
    calibration_max_difference: Mapped[float] = mapped_column(
        Float, default=1.5, server_default="1.5", nullable=False
    )
    # Days candidates' and applicants' data is kept after their last activity
    # (None: DATA_RETENTION_DEFAULT_DAYS); interviews and openings may override it.
    retention_days: Mapped[int | None] = mapped_column(Integer)

    memberships = relationship(
        "Membership", back_populates="workspace", passive_deletes=True
    )


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id"),
        CheckConstraint(enum_check("role", WORKSPACE_ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )

    workspace = relationship("Workspace", back_populates="memberships")
    user = relationship("User")


class WorkspaceInvite(db.Model):
    """An emailed invitation to join a workspace; only the link token's hash is kept."""

    __tablename__ = "workspace_invites"
    __table_args__ = (
        CheckConstraint(enum_check("role", WORKSPACE_ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=False
    )
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )

    workspace = relationship("Workspace")


class InterviewExpert(db.Model):
    """A domain expert a recruiter added to one interview."""

    __tablename__ = "interview_experts"
    __table_args__ = (UniqueConstraint("interview_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True, nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )

    user = relationship("User", foreign_keys=[user_id])


class QuestionReview(db.Model):
    """An expert's review of one question: the gold-standard answer and approval.

    The evaluator compares answers with the gold answer when there is one.
    """

    __tablename__ = "question_reviews"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    gold_answer: Mapped[str] = mapped_column(db.Text, default="", nullable=False)
    gold_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    gold_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    question = relationship("Question")
    gold_by = relationship("User", foreign_keys=[gold_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
