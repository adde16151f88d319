"""Invitation link tokens and the candidate's consent-form token.

A link token is 32 random bytes (256 bits) in URL-safe base64. Only its SHA-256 is
stored, so the plaintext exists only while an invitation is created or resent: in the
response to the recruiter who asked, and sealed (encrypted) in the job that emails it.
"""

import hashlib
import hmac
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

TOKEN_BYTES = 32
# token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100
CONSENT_SALT = "viva.invitations.consent-form"
CONSENT_FORM_MAX_AGE = 24 * 3600


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored for a link token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_link_token() -> tuple[str, str]:
    """A fresh link token and its hash: (token, token_hash)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def invitation_link(token: str) -> str:
    """The candidate's link: {PUBLIC_BASE_URL}/i/<token>."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/i/{token}"


def _consent_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONSENT_SALT)


def consent_form_token(token_hash: str) -> str:
    """The CSRF value for an invitation's candidate forms, signed, bound to its hash."""
    return _consent_serializer().dumps(token_hash)


def consent_form_token_valid(token_hash: str, value: str | None) -> bool:
    """True when value was issued for this invitation within CONSENT_FORM_MAX_AGE."""
    if not value:
        return False
    try:
        signed = _consent_serializer().loads(value, max_age=CONSENT_FORM_MAX_AGE)
    except BadSignature:
        return False
    return isinstance(signed, str) and hmac.compare_digest(signed, token_hash)
