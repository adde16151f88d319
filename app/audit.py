"""Record audit events: who did what to which record, when and from where."""

from app.extensions import db
from app.models import AuditEvent, User


def record_event(
    action: str,
    *,
    actor: User | None = None,
    target=None,
    details: dict | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session (the caller commits); never store secrets."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        details=details or {},
        ip_address=ip_address,
        user_agent=(user_agent or "")[:255] or None,
    )
    db.session.add(event)
    return event
