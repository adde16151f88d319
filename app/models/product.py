"""A recruiter's products (a team, product line or client), grouped in categories."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime


class Category(TimestampMixin, db.Model):
    __tablename__ = "categories"
    __table_args__ = (
        UniqueConstraint("owner_id", "name"),
        UniqueConstraint("workspace_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who created it (None once that account is deleted: the workspace keeps it).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The workspace that owns it (None: a candidate's practice product).
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80), nullable=False)

    products = relationship("Product", back_populates="category")


class Product(TimestampMixin, db.Model):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("owner_id", "name"),
        UniqueConstraint("workspace_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who created it (None once that account is deleted: the workspace keeps it).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The workspace that owns it (None: a candidate's practice product).
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    # Context for the AI interviewer: domain, stack, team, culture.
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    owner = relationship("User", back_populates="products")
    category = relationship("Category", back_populates="products")
    interviews = relationship(
        "Interview", back_populates="product", passive_deletes=True
    )
