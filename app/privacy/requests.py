"""Data subject requests: a person's export or erasure, from asking to done.

A candidate asks on /privacy (the link is in every email Viva sends them) and confirms
by the single-use link emailed to that address, so nobody can act on someone else's
data. A recruiter or admin asks for a candidate of theirs (the request then covers
what they may see). The work runs as a job (app/tasks.py: run_privacy_request).
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.audit import record_event
from app.errors import Gone, NotFound
from app.extensions import db
from app.link_tokens import hash_token, new_link_token
from app.models import PrivacyRequest, User, utcnow
from app.models.crypto import email_hash
from app.ownership import get_invitation

CONFIRM_HOURS = 24


def ask(email: str, kind: str) -> tuple[PrivacyRequest, str]:
    """A candidate's own request, waiting for the emailed confirmation link."""
    token, token_hash = new_link_token()
    request = PrivacyRequest(
        kind=kind,
        status="awaiting_confirmation",
        email=email.strip().lower(),
        email_hash=email_hash(email),
        confirm_token_hash=token_hash,
        expires_at=utcnow() + timedelta(hours=CONFIRM_HOURS),
    )
    db.session.add(request)
    db.session.flush()
    return request, token


def confirm(token: str) -> PrivacyRequest:
    """Spend a confirmation link: the request is queued (Gone: used or expired)."""
    request = db.session.scalar(
        select(PrivacyRequest).where(
            PrivacyRequest.confirm_token_hash == hash_token(token)
        )
    )
    if request is None or request.status != "awaiting_confirmation":
        raise Gone("This link was used already or is not one of ours.")
    if request.expires_at <= utcnow():
        raise Gone("This link has expired. Please ask again.")
    request.confirm_token_hash = None
    request.status = "queued"
    record_event(f"privacy.{request.kind}_confirmed", target=request)
    db.session.flush()
    return request


def ask_for_candidate(
    actor: User, invitation_id: int, kind: str, origin: dict | None = None
) -> PrivacyRequest:
    """A recruiter's or admin's request for a candidate of theirs; audited."""
    invitation = get_invitation(actor, invitation_id)
    if invitation.anonymized_at is not None:
        raise Gone("This candidate's personal data has already been removed.")
    request = PrivacyRequest(
        kind=kind,
        status="queued",
        email=invitation.email,
        email_hash=invitation.email_hash,
        requested_by_id=actor.id,
    )
    db.session.add(request)
    db.session.flush()
    record_event(
        f"privacy.{kind}_requested",
        actor=actor,
        target=invitation,
        details={"request_id": request.id},
        **(origin or {}),
    )
    return request


def get_request(actor: User, request_id: int) -> PrivacyRequest:
    """A request the actor made (admins: any), or NotFound."""
    request = db.session.get(PrivacyRequest, request_id)
    if request is None or not (actor.is_admin or request.requested_by_id == actor.id):
        raise NotFound("Request not found.")
    return request


def export_expiry() -> timedelta:
    return timedelta(hours=int(current_app.config["DATA_EXPORT_EXPIRY_HOURS"]))
