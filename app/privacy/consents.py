"""Consent records: what a person agreed to (the exact text's version), when, where.

The interview's AI notice is recorded when the candidate ticks the box on the welcome
page (an attribute listener on Invitation.consented_at, so the invitations package
needs no change); other features call record_consent(). Withdrawing a processing
consent (the AI notice, an application's processing) starts an erasure.
"""

import hashlib
from functools import cache

from sqlalchemy import event, select
from sqlalchemy.orm import object_session

from app.audit import record_event
from app.errors import NotFound
from app.extensions import db
from app.models import ConsentRecord, Invitation, PrivacyRequest, User, utcnow
from app.ownership import get_invitation
from app.privacy.requests import ask_for_candidate
from config import BASE_DIR

# Consents whose withdrawal ends the processing, so the data goes as well.
PROCESSING_KINDS = ("ai_notice", "processing")
NOTICE_TEMPLATES = {"ai_notice": "candidate/welcome.html"}


@cache
def text_version(kind: str) -> str:
    """The version of the text a person agreed to: its template's content hash."""
    template = NOTICE_TEMPLATES.get(kind)
    if template is None:
        return f"{kind}-1"
    content = (BASE_DIR / "templates" / template).read_bytes()
    return f"{kind}-{hashlib.sha256(content).hexdigest()[:12]}"


def record_consent(
    invitation: Invitation, kind: str, source: str, given_at=None
) -> ConsentRecord:
    """Store one consent of the invitation's candidate (the caller commits)."""
    record = ConsentRecord(
        invitation_id=invitation.id,
        email_hash=invitation.email_hash,
        kind=kind,
        text_version=text_version(kind),
        source=source,
        given_at=given_at or utcnow(),
    )
    (object_session(invitation) or db.session).add(record)
    return record


def _on_consented(invitation, value, old, _initiator):
    if value is not None and not isinstance(old, type(value)) and invitation.id:
        record_consent(invitation, "ai_notice", "welcome_page", given_at=value)


def register_listeners() -> None:
    """Record the AI notice consent whenever a candidate gives it."""
    if not event.contains(Invitation.consented_at, "set", _on_consented):
        event.listen(Invitation.consented_at, "set", _on_consented)


def consents_of(invitation: Invitation) -> list[ConsentRecord]:
    """The invitation's consent records, oldest first."""
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.invitation_id == invitation.id)
            .order_by(ConsentRecord.id)
        )
    )


def withdraw(
    actor: User, invitation_id: int, kind: str, origin: dict | None = None
) -> PrivacyRequest | None:
    """Record a candidate's withdrawal of one consent; a processing consent's
    withdrawal queues an erasure (returned, for the edge to enqueue)."""
    invitation = get_invitation(actor, invitation_id)
    given = [
        c for c in consents_of(invitation) if c.kind == kind and not c.withdrawn_at
    ]
    if not given:
        raise NotFound("This candidate has no such consent in force.")
    for consent in given:
        consent.withdrawn_at = utcnow()
    record_event(
        "consent.withdrawn",
        actor=actor,
        target=invitation,
        details={"kind": kind},
        **(origin or {}),
    )
    db.session.flush()
    if kind in PROCESSING_KINDS:
        return ask_for_candidate(actor, invitation.id, "erasure", origin)
    return None
