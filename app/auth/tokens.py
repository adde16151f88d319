"""Issuing and revoking JWTs.

Every login starts a login session (`sid`) shared by its access and refresh tokens, with
one CSRF value for the portal's double-submit that survives implicit refreshes. Logout
revokes the whole login session; password changes bump the user's token_version, ending
every session.
"""

import secrets
import uuid
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token

from app.extensions import db
from app.models import RevokedToken, User, utcnow

REDIS_PREFIX = "viva:revoked:"


def issue_tokens(
    user: User, *, sid: str | None = None, csrf: str | None = None
) -> dict:
    """A new access and refresh token for a user's login session."""
    claims = {
        "sid": sid or uuid.uuid4().hex,
        "ver": user.token_version,
        "csrf": csrf or secrets.token_urlsafe(24),
    }
    identity = str(user.id)
    return {
        "access_token": create_access_token(
            identity=identity, additional_claims=claims
        ),
        "refresh_token": create_refresh_token(
            identity=identity, additional_claims=claims
        ),
        "token_type": "Bearer",
        "expires_in": int(
            current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()
        ),
        "sid": claims["sid"],
    }


def issue_access_token(user: User, *, sid: str, csrf: str) -> str:
    """A fresh access token for an existing login session (implicit portal refresh)."""
    return create_access_token(
        identity=str(user.id),
        additional_claims={"sid": sid, "ver": user.token_version, "csrf": csrf},
    )


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("viva_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        current_app.extensions["viva_redis"] = client
    return client


def revoke(token_id: str, *, user_id: int | None, expires_at: datetime) -> None:
    """Revoke a token id (jti) or login session id (sid) until it would expire."""
    client = _redis()
    if client is not None:
        ttl = max(1, int((expires_at - datetime.now(UTC)).total_seconds()))
        client.set(REDIS_PREFIX + token_id, user_id or 0, ex=ttl)
        return
    if db.session.query(RevokedToken.id).filter_by(jti=token_id).first() is None:
        db.session.add(
            RevokedToken(jti=token_id, user_id=user_id, expires_at=expires_at)
        )


def revoke_login_session(payload: dict) -> None:
    """Revoke every token of the login session a decoded token belongs to."""
    expires_at = utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    user_id = int(payload["sub"])
    revoke(payload.get("sid") or payload["jti"], user_id=user_id, expires_at=expires_at)
    revoke(payload["jti"], user_id=user_id, expires_at=expires_at)


def is_revoked(payload: dict) -> bool:
    """True when the token's id or its login session has been revoked."""
    ids = [payload["jti"]] + ([payload["sid"]] if payload.get("sid") else [])
    client = _redis()
    if client is not None:
        return client.exists(*(REDIS_PREFIX + token_id for token_id in ids)) > 0
    query = db.session.query(RevokedToken.id).filter(RevokedToken.jti.in_(ids))
    return query.first() is not None


def purge_expired_revocations(now: datetime | None = None) -> int:
    """Delete revocation rows whose tokens have expired anyway; returns how many."""
    cutoff = now or utcnow()
    return RevokedToken.query.filter(RevokedToken.expires_at < cutoff).delete()


def token_lifetime(kind: str) -> timedelta:
    """The configured lifetime of an access or refresh token."""
    key = (
        "JWT_ACCESS_TOKEN_EXPIRES" if kind == "access" else "JWT_REFRESH_TOKEN_EXPIRES"
    )
    return current_app.config[key]
