"""Invitation link tokens and the candidate's consent-form token.

A link token is 32 random bytes (256 bits) in URL-safe base64. Only its SHA-256 is
stored, so the plaintext exists only while an invitation is created or resent: in the
response to the recruiter who asked, and sealed (encrypted) in the job that emails it.
"""

import hmac

from flask import current_app

from app.link_tokens import (
    MAX_TOKEN_LENGTH,
    hash_token,
    new_link_token,
    read_signed_value,
    sign_value,
)

__all__ = ["MAX_TOKEN_LENGTH", "hash_token", "new_link_token"]

CONSENT_SALT = "viva.invitations.consent-form"
CONSENT_FORM_MAX_AGE = 24 * 3600


def invitation_link(token: str) -> str:
    """The candidate's link: {PUBLIC_BASE_URL}/i/<token>."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/i/{token}"


def consent_form_token(token_hash: str) -> str:
    """The CSRF value for an invitation's candidate forms, signed, bound to its hash."""
    return sign_value(CONSENT_SALT, token_hash)


def consent_form_token_valid(token_hash: str, value: str | None) -> bool:
    """True when value was issued for this invitation within CONSENT_FORM_MAX_AGE."""
    signed = read_signed_value(CONSENT_SALT, value, CONSENT_FORM_MAX_AGE)
    return isinstance(signed, str) and hmac.compare_digest(signed, token_hash)
