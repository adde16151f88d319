"""Where webhook deliveries meet the job system: the one place to re-point at merge.

Deliveries created by webhooks.emit() or redeliver() are submitted after the commit
that stored them; the sweep retries due ones. Both go through the mail worker's
submit/register_sweep today.
"""

from flask import Flask, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.integrations.delivery import deliver_due_webhooks, deliver_webhook
from app.integrations.webhooks import NEW_DELIVERIES
from app.mail.worker import get_worker, init_worker


def _submit_after_commit(session: Session) -> None:
    """A commit that stored deliveries hands each one to the worker."""
    delivery_ids = session.info.pop(NEW_DELIVERIES, None)
    if delivery_ids and has_app_context():
        worker = get_worker()
        for delivery_id in delivery_ids:
            worker.submit(deliver_webhook, delivery_id)


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(NEW_DELIVERIES, None)


def register_webhook_jobs(app: Flask) -> None:
    """Run deliveries after commit and sweep due retries (create_app calls it)."""
    init_worker(app).register_sweep(deliver_due_webhooks)
    for name, listener in (
        ("after_commit", _submit_after_commit),
        ("after_rollback", _forget_after_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
