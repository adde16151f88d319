"""Integrations: API keys, idempotency keys, webhook endpoints and their deliveries."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin, UTCDateTime, enum_check, utcnow
from app.models.crypto import EncryptedJSON

API_KEY_SCOPES = ("read", "write", "admin")
IDEMPOTENCY_STATES = ("in_progress", "completed")
WEBHOOK_EVENTS = (
    "invitation.sent",
    "interview.started",
    "interview.completed",
    "evaluation.ready",
    "candidate.stage_changed",
    "application.received",
    "integrity.flagged",
)
DELIVERY_STATUSES = ("pending", "succeeded", "failed")


class ApiKey(TimestampMixin, db.Model):
    """A key an integration sends as `Authorization: Bearer vk_...`.

    Only the SHA-256 of the key is stored; `prefix` (the first characters) lets its
    managers recognise it in a list. It belongs to a workspace (its owners and admins
    manage it) and acts as its creator (`owner`) within that workspace, with the
    creator's role there, narrowed to `scopes`: it stops working when the creator
    leaves the workspace or the account is deleted.
    """

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The creator, whom the key acts as.
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    scopes: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    owner = relationship("User")
    workspace = relationship("Workspace")

    def is_usable(self, now: datetime) -> bool:
        """Neither revoked nor expired at `now`."""
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now


class IdempotencyKey(db.Model):
    """One caller's Idempotency-Key and the response it got, kept for a day."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("caller", "key"),
        CheckConstraint(enum_check("state", IDEMPOTENCY_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(64), nullable=False)
    key: Mapped[str] = mapped_column(String(255), nullable=False)
    request_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    response_headers: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    expires_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), nullable=False, index=True
    )


class WebhookEndpoint(TimestampMixin, db.Model):
    """A receiver URL of one workspace, subscribed to some events of its products.

    The signing secret is kept (Viva must sign with it) but shown to its managers
    only when it is created or rotated.
    """

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who created it (None once that account is deleted); the workspace owns it.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False, index=True
    )
    url: Mapped[str] = mapped_column(String(2048), nullable=False)
    description: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    events: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    secret: Mapped[str] = mapped_column(String(80), nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # Consecutive failed attempts; past WEBHOOK_DISABLE_AFTER_FAILURES it is disabled.
    failure_streak: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_reason: Mapped[str | None] = mapped_column(String(200))

    owner = relationship("User")
    workspace = relationship("Workspace")


class WebhookDelivery(db.Model):
    """One event for one endpoint: a durable row the delivery job works through."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint(enum_check("status", DELIVERY_STATUSES), name="status"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint_created", "endpoint_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), nullable=False
    )
    # The Standard Webhooks message id (webhook-id): the same on every retry.
    message_id: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    event: Mapped[str] = mapped_column(String(40), nullable=False)
    # It names the candidate (name, email): encrypted at rest like its source.
    payload: Mapped[dict] = mapped_column(EncryptedJSON(), nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Retries stop after this (24 hours after the event, or after a redelivery).
    retry_until: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # Set while one worker sends it; another may take it over once this has passed.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_ms: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False
    )
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    endpoint = relationship("WebhookEndpoint")
