"""Record the consents people give: which text (its version), when, and where.

A shared rule like app/audit.py, so any feature records a consent where it is given
(the welcome page's AI notice in app/invitations/links.py; applications later); the
privacy package shows, exports and withdraws them.
"""

import hashlib
from functools import cache

from app.extensions import db
from app.models import ConsentRecord, Invitation, utcnow
from config import BASE_DIR

# The page whose text a consent of each kind agrees to; its content hash versions it.
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
    db.session.add(record)
    return record
