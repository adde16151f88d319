"""Record the consents people give: which text (its version), when, and where.

A shared rule like app/audit.py, so any feature records a consent where it is given
(the welcome page's AI notice in app/invitations/links.py; applications later); the
privacy package shows, exports and withdraws them.
"""

import hashlib
from functools import cache

from sqlalchemy import select

from app.extensions import db
from app.models import ConsentRecord, Invitation, User, utcnow
from app.models.crypto import email_hash
from config import BASE_DIR

# The page whose text a consent of each kind agrees to; its content hash versions it.
NOTICE_TEMPLATES = {
    "ai_notice": "candidate/welcome.html",
    "voice": "live/_voice.html",
    "practice_data": "practice/profile.html",
}


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
    db.session.add(record)
    return record


def consent_once(
    kind: str, source: str, *, invitation: Invitation | None = None, user=None
) -> ConsentRecord:
    """Record a consent of an invitation's candidate or of an account unless one of
    the same kind and text is in force already (the caller commits)."""
    owner = (
        ConsentRecord.invitation_id == invitation.id
        if invitation is not None
        else ConsentRecord.user_id == user.id
    )
    existing = db.session.scalars(
        select(ConsentRecord).where(
            owner,
            ConsentRecord.kind == kind,
            ConsentRecord.text_version == text_version(kind),
            ConsentRecord.withdrawn_at.is_(None),
        )
    ).first()
    if existing is not None:
        return existing
    if invitation is not None:
        return record_consent(invitation, kind, source)
    return _record_user_consent(user, kind, source)


def _record_user_consent(user: User, kind: str, source: str) -> ConsentRecord:
    record = ConsentRecord(
        user_id=user.id,
        email_hash=email_hash(user.email),
        kind=kind,
        text_version=text_version(kind),
        source=source,
        given_at=utcnow(),
    )
    db.session.add(record)
    return record
