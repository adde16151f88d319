"""Where Idempotency-Keys and their responses are kept: Redis when REDIS_URL is set
(IDEMPOTENCY_STORE=auto, the default), the database otherwise.

Both claim a key with one atomic step (Redis `SET NX EX`; the database's unique
(caller, key) with INSERT ... ON CONFLICT DO NOTHING), so of two concurrent requests
with one key exactly one does the work. Redis forgets a key by itself when its TTL
(IDEMPOTENCY_KEY_HOURS) ends; completing a key keeps that TTL. If Redis cannot be
reached, the request is handled with the database store instead (logged).
"""

import base64
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models import IdempotencyKey

log = logging.getLogger("viva.integrations.idempotency")
REDIS_PREFIX = "viva:idempotency:"
STORES = ("auto", "database", "redis")


@dataclass(frozen=True)
class StoredKey:
    """A claimed key: in progress, or completed with the response it got."""

    state: str
    request_hash: str
    status: int | None = None
    body: bytes = b""
    headers: dict = field(default_factory=dict)


class DatabaseStore:
    """Keys as rows of idempotency_keys (expired rows are replaced on claim)."""

    name = "database"

    def claim(self, caller, key, fingerprint, now: datetime, hours: int) -> bool:
        """Claim (caller, key) for a new request (commits); False when it is held."""
        db.session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.caller == caller,
                IdempotencyKey.key == key,
                IdempotencyKey.expires_at <= now,
            )
        )
        dialect = db.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(IdempotencyKey)
            .values(
                caller=caller,
                key=key,
                request_hash=fingerprint,
                state="in_progress",
                response_headers={},
                created_at=now,
                expires_at=now + timedelta(hours=hours),
            )
            .on_conflict_do_nothing(index_elements=["caller", "key"])
            .returning(IdempotencyKey.id)
        )
        # RETURNING, not rowcount: an ORM insert's rowcount is not reliable on psycopg.
        claimed = db.session.execute(statement).scalar() is not None
        db.session.commit()
        return claimed

    def find(self, caller, key) -> StoredKey | None:
        """The key as stored, or None."""
        row = db.session.scalar(
            select(IdempotencyKey).where(
                IdempotencyKey.caller == caller, IdempotencyKey.key == key
            )
        )
        found = None
        if row is not None:
            found = StoredKey(
                state=row.state,
                request_hash=row.request_hash,
                status=row.response_status,
                body=row.response_body or b"",
                headers=dict(row.response_headers or {}),
            )
        db.session.rollback()
        return found

    def complete(self, caller, key, status: int, body: bytes, headers: dict) -> None:
        """Keep the response the first request got (commits)."""
        db.session.rollback()
        db.session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.caller == caller, IdempotencyKey.key == key)
            .values(
                state="completed",
                response_status=status,
                response_body=body,
                response_headers=headers,
            )
        )
        db.session.commit()

    def release(self, caller, key) -> None:
        """Forget the key so the client may try again (commits)."""
        db.session.rollback()
        db.session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.caller == caller, IdempotencyKey.key == key
            )
        )
        db.session.commit()


class RedisStore:
    """Keys as JSON values in Redis with a TTL of IDEMPOTENCY_KEY_HOURS."""

    name = "redis"

    def __init__(self, client):
        self.client = client

    @staticmethod
    def redis_key(caller: str, key: str) -> str:
        """The Redis key: the client's key hashed, so any visible ASCII is safe."""
        digest = hashlib.sha256(key.encode()).hexdigest()
        return f"{REDIS_PREFIX}{caller}:{digest}"

    def claim(self, caller, key, fingerprint, now: datetime, hours: int) -> bool:
        """Claim with one SET NX EX: only one of concurrent requests gets True."""
        value = json.dumps({"state": "in_progress", "request_hash": fingerprint})
        ttl = max(1, int(hours * 3600))
        return bool(
            self.client.set(self.redis_key(caller, key), value, nx=True, ex=ttl)
        )

    def find(self, caller, key) -> StoredKey | None:
        """The key as stored, or None (never claimed, released or expired)."""
        raw = self.client.get(self.redis_key(caller, key))
        if raw is None:
            return None
        data = json.loads(raw)
        return StoredKey(
            state=data["state"],
            request_hash=data["request_hash"],
            status=data.get("status"),
            body=base64.b64decode(data.get("body") or ""),
            headers=data.get("headers") or {},
        )

    def complete(self, caller, key, status: int, body: bytes, headers: dict) -> None:
        """Replace the claim with the response, keeping the claim's TTL (XX: a key
        that expired meanwhile is not brought back)."""
        stored = self.find(caller, key)
        value = {
            "state": "completed",
            "request_hash": stored.request_hash if stored else "",
            "status": status,
            "body": base64.b64encode(body).decode(),
            "headers": headers,
        }
        self.client.set(
            self.redis_key(caller, key), json.dumps(value), xx=True, keepttl=True
        )

    def release(self, caller, key) -> None:
        """Forget the key so the client may try again."""
        self.client.delete(self.redis_key(caller, key))


def _redis_client(url: str):
    """One client per app and URL (it pools its connections)."""
    clients = current_app.extensions.setdefault("viva_idempotency_redis", {})
    if url not in clients:
        import redis

        clients[url] = redis.Redis.from_url(
            url, socket_timeout=2, socket_connect_timeout=2
        )
    return clients[url]


def current_store() -> DatabaseStore | RedisStore:
    """The store IDEMPOTENCY_STORE chooses: auto = Redis when REDIS_URL is set."""
    config = current_app.config
    choice = config.get("IDEMPOTENCY_STORE") or "auto"
    url = config.get("REDIS_URL")
    if choice == "database" or not url:
        return DatabaseStore()
    return RedisStore(_redis_client(url))


class FallbackStore:
    """A store that turns to the database when Redis fails (the request goes on)."""

    def __init__(self, store):
        self.store = store

    def __getattr__(self, operation):
        method = getattr(self.store, operation)

        def run(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except RedisError as exc:
                log.warning(
                    "Idempotency store unreachable (%s); using the database", exc
                )
                self.store = DatabaseStore()
                return getattr(self.store, operation)(*args, **kwargs)

        return run
