"""Tokens in links and forms: random link tokens stored only as their SHA-256, and
short signed values (SECRET_KEY, a salt per use) such as the participant cookie.

A link token is 32 random bytes (256 bits) in URL-safe base64. Invitations and the
account emails (verification, password reset) both use these helpers.
"""

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

TOKEN_BYTES = 32
# token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored for a link token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_link_token() -> tuple[str, str]:
    """A fresh link token and its hash: (token, token_hash)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def sign_value(salt: str, value) -> str:
    """value (JSON-able) signed with SECRET_KEY for one purpose (the salt)."""
    return _serializer(salt).dumps(value)


def read_signed_value(salt: str, signed: str | None, max_age: int):
    """The value sign_value() signed for this salt within max_age seconds, else None."""
    if not signed:
        return None
    try:
        return _serializer(salt).loads(signed, max_age=max_age)
    except BadSignature:
        return None
