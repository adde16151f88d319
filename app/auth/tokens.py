"""Issuing and revoking JWTs.

Every login starts a login session (`sid`) shared by its access and refresh tokens, with
one CSRF value for the portal's double-submit that survives implicit refreshes. Logout
revokes the whole login session; password changes bump the user's token_version, ending
every session.

Revocations live in the database (they must survive a Redis restart); with REDIS_URL,
Redis caches them so a check costs no query, and while Redis is unreachable the
database answers and logout still works.
"""

import logging
import secrets
import uuid
from datetime import datetime, timedelta

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token
from redis.exceptions import RedisError
from sqlalchemy import select

from app.extensions import db
from app.models import RevokedToken, User, utcnow
from app.upsert import insert_once

REDIS_PREFIX = "viva:revoked:"
# Set once Redis holds every live revocation; when Redis restarts empty it is missing,
# and the first check copies the database's revocations back. It lapses now and then
# so a cache that lost keys (eviction) is refilled.
CACHE_COMPLETE_KEY = "viva:revoked-cache-complete"
CACHE_COMPLETE_SECONDS = 300
log = logging.getLogger(__name__)


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


def _cache(operation):
    """Run operation(client) on the Redis cache; None when there is no Redis or it
    cannot be reached (the database answers instead)."""
    client = _redis()
    if client is None:
        return None
    try:
        return operation(client)
    except RedisError as exc:
        log.warning("Revocation cache unreachable (%s); asking the database", exc)
        return None


def _ttl(expires_at: datetime, now: datetime) -> int:
    return max(1, int((expires_at - now).total_seconds()))


def revoke(token_id: str, *, user_id: int | None, expires_at: datetime) -> bool:
    """Revoke a token id (jti) or login session id (sid) until it would expire; True
    when this call revoked it (False: it was revoked already, perhaps a moment ago by
    a concurrent request). The database keeps it; Redis caches it."""
    revoked_now = insert_once(
        RevokedToken,
        {"jti": token_id, "user_id": user_id, "expires_at": expires_at},
        ["jti"],
    )
    ttl = _ttl(expires_at, utcnow())
    _cache(lambda client: client.set(REDIS_PREFIX + token_id, user_id or 0, ex=ttl))
    return revoked_now


def revoke_login_session(payload: dict) -> None:
    """Revoke every token of the login session a decoded token belongs to."""
    expires_at = utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    user_id = int(payload["sub"])
    revoke(payload.get("sid") or payload["jti"], user_id=user_id, expires_at=expires_at)
    revoke(payload["jti"], user_id=user_id, expires_at=expires_at)


def _warm_cache(client) -> None:
    """Copy every live revocation from the database into Redis (after Redis started
    empty), then mark the cache complete for a while."""
    now = utcnow()
    rows = db.session.execute(
        select(RevokedToken.jti, RevokedToken.user_id, RevokedToken.expires_at).where(
            RevokedToken.expires_at > now
        )
    ).all()
    pipe = client.pipeline(transaction=False)
    for jti, user_id, expires_at in rows:
        pipe.set(REDIS_PREFIX + jti, user_id or 0, ex=_ttl(expires_at, now))
    pipe.set(CACHE_COMPLETE_KEY, 1, ex=CACHE_COMPLETE_SECONDS)
    pipe.execute()


def _cached_answer(client, ids: list[str]) -> bool | None:
    """True or False from a complete cache; None when the cache is not complete (it
    is warmed from the database for the next request)."""
    pipe = client.pipeline(transaction=False)
    pipe.exists(*(REDIS_PREFIX + token_id for token_id in ids))
    pipe.exists(CACHE_COMPLETE_KEY)
    found, complete = pipe.execute()
    if found:
        return True
    if complete:
        return False
    _warm_cache(client)
    return None


def is_revoked(payload: dict) -> bool:
    """True when the token's id or its login session has been revoked."""
    ids = [payload["jti"]] + ([payload["sid"]] if payload.get("sid") else [])
    cached = _cache(lambda client: _cached_answer(client, ids))
    if cached is not None:
        return cached
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
