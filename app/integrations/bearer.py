"""Authenticate a request that carries `Authorization: Bearer vk_...`.

Called by app.auth.decorators.role_required before it looks for a JWT: a request with
an API key is resolved here and never reaches the JWT checks. On success the key's
creator is put where flask-jwt-extended keeps the current user, so
`get_current_user()` works in every view as it does for a token, and the request acts
in the key's workspace (`request.environ[KEY_WORKSPACE]`, read by role_required), with
the creator's role there.
"""

from flask import g, request
from sqlalchemy import select

from app.audit import record_event
from app.errors import AuthError, Forbidden
from app.extensions import db
from app.integrations.api_keys import (
    KEY_PREFIX,
    find_key,
    required_scope,
    scope_allows,
    touch_last_used,
)
from app.models import Membership, User, utcnow
from app.web import request_origin

# Where the workspace of the request's API key is kept for this request only (not in
# `g`, which outlives a request when a test holds the application context).
KEY_WORKSPACE = "viva.api_key_workspace"


def presented_api_key() -> str | None:
    """The API key in the Authorization header, or None when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, credential = header.partition(" ")
    credential = credential.strip()
    if scheme.lower() == "bearer" and credential.startswith(KEY_PREFIX):
        return credential
    return None


def _audit_and_refuse(action: str, key, error, details: dict):
    """Keep the audit event although the request fails, then refuse it."""
    db.session.rollback()
    record_event(
        action,
        actor=key.owner if key is not None else None,
        target=key,
        details={"method": request.method, "path": request.path, **details},
        **request_origin(),
    )
    db.session.commit()
    raise error


def authenticate_api_key(*, admin_route: bool, refresh: bool = False) -> bool:
    """Resolve an API key request (True), or say there is none (False).

    Unknown, expired or revoked keys answer 401; a key whose scopes do not cover the
    request answers 403. Using a revoked key and exceeding scope are audited.
    """
    raw_key = presented_api_key()
    if raw_key is None:
        return False
    if refresh:
        raise AuthError("API keys cannot refresh tokens.")
    key = find_key(raw_key)
    now = utcnow()
    if key is None:
        raise AuthError("Invalid API key.")
    if key.revoked_at is not None:
        _audit_and_refuse(
            "api_key.revoked_used",
            key,
            AuthError("This API key has been revoked."),
            {"prefix": key.prefix},
        )
    if not key.is_usable(now):
        raise AuthError("This API key has expired.")
    owner = db.session.get(User, key.owner_id)
    if owner is None or not owner.is_active:
        raise AuthError("The creator of this API key can no longer sign in.")
    if not _still_member(key):
        raise AuthError(
            "The creator of this API key is no longer a member of its workspace."
        )
    needed = required_scope(request.method, admin_route)
    if not scope_allows(key.scopes, needed):
        _audit_and_refuse(
            "api_key.scope_exceeded",
            key,
            Forbidden(f"This API key lacks the {needed} scope."),
            {"prefix": key.prefix, "needed": needed, "scopes": key.scopes},
        )
    touch_last_used(key, now)
    db.session.commit()
    g._jwt_extended_jwt = {"sub": str(owner.id), "type": "api_key", "key": key.id}
    g._jwt_extended_jwt_header = {}
    g._jwt_extended_jwt_user = {"loaded_user": owner}
    g._jwt_extended_jwt_location = "headers"
    request.environ[KEY_WORKSPACE] = key.workspace_id
    return True


def _still_member(key) -> bool:
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.workspace_id == key.workspace_id,
                Membership.user_id == key.owner_id,
            )
        )
        is not None
    )
