"""Consent records: listed for a candidate, and withdrawn.

They are recorded where they are given (app/consent_records.py). Withdrawing a
processing consent (the AI notice, an application's processing) starts an erasure.
"""

from sqlalchemy import select

from app.audit import record_event
from app.errors import NotFound
from app.extensions import db
from app.models import ConsentRecord, Invitation, PrivacyRequest, User, utcnow
from app.ownership import get_invitation
from app.privacy.requests import ask_for_candidate

# Consents whose withdrawal ends the processing, so the data goes as well.
PROCESSING_KINDS = ("ai_notice", "processing")


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
