"""Webhook endpoints and events: subscribe, rotate secrets, emit, redeliver.

Endpoints belong to a workspace; its owners and admins manage them (pages name the
workspace, the API acts in the current one). `emit(workspace, event, data)` is the one
call a service makes when something happened in a workspace's products: it stores a
delivery row for each of the workspace's active endpoints subscribed to the event
(flushed with the caller's transaction) and marks the session so the deliveries start
once the caller commits (app/tasks.py enqueues them).
"""

import base64
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.errors import NotFound, ValidationError
from app.extensions import db
from app.integrations import addresses
from app.integrations.access import managed_workspace
from app.models import (
    WEBHOOK_EVENTS,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    Workspace,
    utcnow,
)
from app.ownership import current_membership

# Events Viva emits today (every declared one, since applications arrive on the
# public board); a later declared event would be offered as "not sent yet".
EMITTED_EVENTS = (
    "invitation.sent",
    "interview.started",
    "interview.completed",
    "evaluation.ready",
    "candidate.stage_changed",
    "application.received",
    "integrity.flagged",
)
RETRY_WINDOW = timedelta(hours=24)
# session.info key: delivery ids created in this transaction, started after commit.
NEW_DELIVERIES = "viva_new_webhook_deliveries"


def new_secret() -> str:
    """A Standard Webhooks signing secret: whsec_ + 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _check_url(url: str) -> None:
    problem = addresses.url_problem(url, current_app.config)
    if problem:
        raise ValidationError(details={"url": [problem]})


def create_endpoint(
    owner: User,
    *,
    url: str,
    events: list[str],
    description: str = "",
    workspace_id: int | None = None,
) -> WebhookEndpoint:
    """Subscribe `url` to the workspace's `events`; the secret is readable only now."""
    workspace = managed_workspace(owner, workspace_id)
    _check_url(url)
    endpoint = WebhookEndpoint(
        owner_id=owner.id,
        workspace_id=workspace.id,
        url=url,
        description=description,
        events=sorted(set(events), key=WEBHOOK_EVENTS.index),
        secret=new_secret(),
        is_active=True,
    )
    db.session.add(endpoint)
    db.session.flush()
    return endpoint


def list_endpoints(actor: User, workspace_id: int | None = None) -> list:
    """The workspace's endpoints, oldest first."""
    workspace = managed_workspace(actor, workspace_id)
    return list(
        db.session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.workspace_id == workspace.id)
            .order_by(WebhookEndpoint.id)
        )
    )


def get_endpoint(
    actor: User, endpoint_id: int, workspace_id: int | None = None
) -> WebhookEndpoint:
    """One of the workspace's endpoints; NotFound for another workspace's."""
    workspace = managed_workspace(actor, workspace_id)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.workspace_id != workspace.id:
        raise NotFound("No such webhook endpoint.")
    return endpoint


def update_endpoint(
    owner: User, endpoint_id: int, workspace_id: int | None = None, **changes
) -> WebhookEndpoint:
    """Change the URL, description, events, or re-enable a disabled endpoint."""
    endpoint = get_endpoint(owner, endpoint_id, workspace_id)
    if "url" in changes:
        _check_url(changes["url"])
        endpoint.url = changes["url"]
    if "description" in changes:
        endpoint.description = changes["description"]
    if "events" in changes:
        endpoint.events = sorted(set(changes["events"]), key=WEBHOOK_EVENTS.index)
    if "is_active" in changes:
        endpoint.is_active = changes["is_active"]
        if endpoint.is_active:
            endpoint.failure_streak = 0
            endpoint.disabled_at = None
            endpoint.disabled_reason = None
    db.session.flush()
    return endpoint


def rotate_secret(
    owner: User, endpoint_id: int, workspace_id: int | None = None
) -> WebhookEndpoint:
    """Replace the signing secret; the new one is readable only now."""
    endpoint = get_endpoint(owner, endpoint_id, workspace_id)
    endpoint.secret = new_secret()
    db.session.flush()
    return endpoint


def delete_endpoint(
    owner: User, endpoint_id: int, workspace_id: int | None = None
) -> None:
    """Remove an endpoint and its delivery log."""
    db.session.delete(get_endpoint(owner, endpoint_id, workspace_id))
    db.session.flush()


def list_deliveries(
    owner: User,
    endpoint_id: int,
    *,
    page: int = 1,
    per_page: int = 20,
    workspace_id: int | None = None,
) -> tuple[list[WebhookDelivery], int]:
    """One page of an endpoint's delivery log, newest first, and the total."""
    endpoint = get_endpoint(owner, endpoint_id, workspace_id)
    where = WebhookDelivery.endpoint_id == endpoint.id
    total = db.session.scalar(select(func.count()).where(where)) or 0
    rows = db.session.scalars(
        select(WebhookDelivery)
        .where(where)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(rows), total


def redeliver(
    owner: User, endpoint_id: int, delivery_id: int, workspace_id: int | None = None
) -> WebhookDelivery:
    """Send a delivery again (same message id), with a fresh 24-hour retry window."""
    endpoint = get_endpoint(owner, endpoint_id, workspace_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint.id:
        raise NotFound("No such delivery.")
    now = utcnow()
    delivery.status = "pending"
    delivery.next_attempt_at = now
    delivery.retry_until = now + RETRY_WINDOW
    delivery.claimed_until = None
    db.session.flush()
    _start_after_commit([delivery.id])
    return delivery


def event_envelope(event: str, data: dict) -> dict:
    """The JSON body every delivery carries: {type, timestamp, data}."""
    return {"type": event, "timestamp": utcnow().isoformat(), "data": data}


def _workspace_id(target: Workspace | User | int | None) -> int | None:
    """A workspace id; a user stands for their current workspace."""
    if isinstance(target, Workspace):
        return target.id
    if isinstance(target, User):
        membership = current_membership(target)
        return membership.workspace_id if membership else None
    return target


def emit(
    workspace: Workspace | User | int | None,
    event: str,
    data: dict | Callable[[], dict],
) -> list[WebhookDelivery]:
    """Queue `event` for the workspace's endpoints subscribed to it (after commit).
    `data` may be a function: it is called only when an endpoint is subscribed (most
    events of most workspaces go nowhere, and building a payload reads records)."""
    if event not in WEBHOOK_EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    workspace_id = _workspace_id(workspace)
    if workspace_id is None:
        return []
    endpoints = db.session.scalars(
        select(WebhookEndpoint).where(
            WebhookEndpoint.workspace_id == workspace_id,
            WebhookEndpoint.is_active.is_(True),
        )
    )
    subscribed = [e for e in endpoints if event in (e.events or [])]
    if not subscribed:
        return []
    now = utcnow()
    payload = event_envelope(event, data() if callable(data) else data)
    deliveries = [
        WebhookDelivery(
            endpoint_id=endpoint.id,
            message_id="msg_" + secrets.token_urlsafe(18),
            event=event,
            payload=payload,
            status="pending",
            next_attempt_at=now,
            retry_until=now + RETRY_WINDOW,
        )
        for endpoint in subscribed
    ]
    if deliveries:
        db.session.add_all(deliveries)
        db.session.flush()
        _start_after_commit([delivery.id for delivery in deliveries])
    return deliveries


def _start_after_commit(delivery_ids: list[int]) -> None:
    db.session.info.setdefault(NEW_DELIVERIES, []).extend(delivery_ids)
