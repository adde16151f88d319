"""Send webhook deliveries: one idempotent job per delivery, plus a sweep of due ones.

`deliver_webhook(delivery_id)` claims the row (one UPDATE, so two workers never send
the same attempt), signs the stored payload per Standard Webhooks, POSTs it, and
records the outcome: 2xx succeeds; anything else is retried with exponential backoff
until the delivery's retry window (24 hours) ends. Consecutive failed attempts count
against the endpoint, which is disabled past WEBHOOK_DISABLE_AFTER_FAILURES, with an
email to its workspace's owners and admins. `deliver_due_webhooks(now)` runs every
due delivery.
"""

import json
import logging
import time
from datetime import datetime, timedelta

import requests
from flask import current_app
from sqlalchemy import or_, select, update
from standardwebhooks.webhooks import Webhook

from app.extensions import db
from app.integrations import addresses
from app.mail import send_email
from app.models import (
    MANAGER_ROLES,
    Membership,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)

log = logging.getLogger("viva.webhooks")

MAX_BACKOFF = timedelta(hours=6)
USER_AGENT = "Viva-Webhooks/1"


def _claim(delivery_id: int, now: datetime, hold: timedelta) -> bool:
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
            or_(
                WebhookDelivery.claimed_until.is_(None),
                WebhookDelivery.claimed_until < now,
            ),
        )
        .values(claimed_until=now + hold)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed.rowcount == 1


def sign_and_send(endpoint: WebhookEndpoint, delivery: WebhookDelivery, config):
    """POST the signed payload; returns (status code or None, error text or None)."""
    problem = addresses.url_problem(endpoint.url, config)
    if problem:
        return None, f"Refused: {problem}"
    body = json.dumps(delivery.payload, separators=(",", ":"))
    sent_at = utcnow()
    signature = Webhook(endpoint.secret).sign(delivery.message_id, sent_at, body)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    try:
        response = requests.post(
            endpoint.url,
            data=body.encode(),
            headers=headers,
            timeout=config["WEBHOOK_TIMEOUT_SECONDS"],
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"


def backoff(attempts: int, base_seconds: float) -> timedelta:
    """Delay before the next attempt: base x 2^(attempts-1), at most six hours."""
    return min(timedelta(seconds=base_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)


def deliver_webhook(delivery_id: int, now: datetime | None = None) -> str | None:
    """Make one attempt at a due delivery; returns its status, None when not due."""
    config = current_app.config
    now = now or utcnow()
    timeout = config["WEBHOOK_TIMEOUT_SECONDS"]
    if not _claim(delivery_id, now, timedelta(seconds=timeout + 30)):
        return None
    delivery = db.session.get(WebhookDelivery, delivery_id)
    endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
    if not endpoint.is_active:
        delivery.status = "failed"
        delivery.last_error = "The endpoint is disabled."
        delivery.claimed_until = None
        db.session.commit()
        return delivery.status
    started = time.monotonic()
    status_code, error = sign_and_send(endpoint, delivery, config)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = status_code
    delivery.response_ms = int((time.monotonic() - started) * 1000)
    delivery.last_error = error
    delivery.claimed_until = None
    if error is None:
        delivery.status = "succeeded"
        delivery.delivered_at = utcnow()
        delivery.next_attempt_at = None
        _endpoint_succeeded(endpoint.id)
    else:
        following = now + backoff(
            delivery.attempts, config["WEBHOOK_RETRY_BASE_SECONDS"]
        )
        if following > delivery.retry_until:
            delivery.status = "failed"
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = following
        _endpoint_failed(endpoint, config["WEBHOOK_DISABLE_AFTER_FAILURES"], now)
    db.session.commit()
    return delivery.status


def _endpoint_succeeded(endpoint_id: int) -> None:
    db.session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .values(failure_streak=0)
        .execution_options(synchronize_session=False)
    )


def _endpoint_failed(endpoint: WebhookEndpoint, limit: int, now: datetime) -> None:
    """Count a failure; past the limit disable the endpoint, tell its managers once."""
    db.session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint.id)
        .values(failure_streak=WebhookEndpoint.failure_streak + 1)
        .execution_options(synchronize_session=False)
    )
    reason = f"{limit} consecutive failed deliveries"
    disabled = db.session.execute(
        update(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint.id,
            WebhookEndpoint.is_active.is_(True),
            WebhookEndpoint.failure_streak >= limit,
        )
        .values(is_active=False, disabled_at=now, disabled_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if disabled.rowcount == 1:
        db.session.commit()
        _email_disabled(endpoint, reason)


def _email_disabled(endpoint: WebhookEndpoint, reason: str) -> None:
    """Tell the workspace's owners and admins (who may enable it again)."""
    managers = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.workspace_id == endpoint.workspace_id,
            Membership.role.in_(MANAGER_ROLES),
            User.is_active.is_(True),
        )
        .order_by(User.id)
    )
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    link = f"{base}/portal/workspaces/{endpoint.workspace_id}/webhooks/{endpoint.id}"
    for manager in managers:
        text = (
            f"Hello {manager.full_name},\n\nViva disabled your workspace's webhook "
            f"endpoint\n{endpoint.url}\nafter {reason}. No more events are sent "
            f"to it.\n\nFix the receiver, then enable it again at {link}\n"
            "Failed deliveries can be sent again from its delivery log.\n"
        )
        try:
            send_email(manager.email, "Viva disabled a webhook endpoint", text)
        except Exception:  # the endpoint stays disabled; the page shows why
            log.exception("Could not email a manager of webhook %s", endpoint.id)


def next_attempt_at(delivery_id: int) -> datetime | None:
    """When a pending delivery is tried next; None when it is done."""
    moment = db.session.scalar(
        select(WebhookDelivery.next_attempt_at).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending"
        )
    )
    db.session.rollback()
    return moment


def deliver_due_webhooks(now: datetime | None = None, limit: int = 100) -> int:
    """Attempt every pending delivery that is due at `now`; returns how many ran."""
    now = now or utcnow()
    due = list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at <= now,
                or_(
                    WebhookDelivery.claimed_until.is_(None),
                    WebhookDelivery.claimed_until < now,
                ),
            )
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(limit)
        )
    )
    db.session.rollback()
    return sum(1 for delivery_id in due if deliver_webhook(delivery_id, now))
