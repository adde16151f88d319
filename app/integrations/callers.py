"""Who a request speaks for, read without running the view's access checks.

Used before the view runs (Idempotency-Key scoping): an API key, a bearer token or
the portal cookie. Invalid credentials give None; the view still answers 401 itself.
"""

from flask import request
from flask_jwt_extended import decode_token

from app.auth.portal import load_token_user, portal_identity
from app.auth.tokens import is_revoked
from app.integrations.api_keys import find_key
from app.integrations.bearer import presented_api_key
from app.models import utcnow


def request_user_id() -> int | None:
    """The id of the user this request authenticates as, or None."""
    raw_key = presented_api_key()
    if raw_key is not None:
        key = find_key(raw_key)
        return key.owner_id if key is not None and key.is_usable(utcnow()) else None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        try:
            payload = decode_token(header.split(" ", 1)[1].strip())
        except Exception:  # an invalid token is the view's to refuse
            return None
        if payload.get("type") != "access" or is_revoked(payload):
            return None
        user = load_token_user(payload)
        return user.id if user is not None else None
    user, _csrf = portal_identity()
    return user.id if user is not None else None
