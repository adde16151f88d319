"""A recruiter's products (a team, product line or client), grouped in categories."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, utcnow


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
    # Branding on the candidate pages, emails and public openings (app/branding):
    # the accent colour as #rrggbb, and the SHA-256 of the logo (its URL's version).
    accent_color: Mapped[str | None] = mapped_column(String(7))
    logo_digest: Mapped[str | None] = mapped_column(String(64))

    owner = relationship("User", back_populates="products")
    category = relationship("Category", back_populates="products")
    interviews = relationship(
        "Interview", back_populates="product", passive_deletes=True
    )


class ProductLogo(db.Model):
    """A product's logo, checked and stripped of metadata (app/branding/images.py).

    Kept in the database beside its product: at most 1 MB, read only by the logo
    route, and gone with the product.
    """

    __tablename__ = "product_logos"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    media_type: Mapped[str] = mapped_column(String(16), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
