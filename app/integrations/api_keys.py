"""API keys: create (shown once), list, revoke, and resolve a presented key.

A key is `vk_` followed by 32 random bytes in URL-safe base64; only its SHA-256 is
stored. A key belongs to a workspace, whose owners and admins create, list and revoke
its keys. It acts as its creator within that workspace, with the creator's role
there (checked on every request, so a creator demoted to viewer holds a read-only key
and one who leaves the workspace holds a dead key), narrowed to its scopes: `read`
allows safe methods (GET, HEAD), `write` adds every other method, and `admin` adds
the admin-only routes (which also need an admin creator). `write` and `admin`
include `read`.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.audit import record_event
from app.errors import Forbidden, NotFound, ValidationError
from app.extensions import db
from app.integrations.access import managed_workspace
from app.models import API_KEY_SCOPES, ApiKey, User, utcnow

KEY_PREFIX = "vk_"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# last_used_at is written at most this often per key, not on every request.
LAST_USED_GRANULARITY = timedelta(minutes=1)
KEY_OWNER_ROLES = ("recruiter", "admin")


def hash_key(raw_key: str) -> str:
    """The stored form of a key: hex SHA-256."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def create_api_key(
    owner: User,
    *,
    name: str,
    scopes: list[str],
    expires_at: datetime | None = None,
    ip_address: str | None = None,
    workspace_id: int | None = None,
) -> tuple[ApiKey, str]:
    """Create a workspace key acting as `owner`; returns the row and the plaintext
    key (shown once)."""
    if owner.role not in KEY_OWNER_ROLES:
        raise Forbidden("Only recruiters and admins can create API keys.")
    workspace = managed_workspace(owner, workspace_id)
    scopes = sorted(set(scopes), key=API_KEY_SCOPES.index)
    if not scopes:
        raise ValidationError(details={"scopes": ["Choose at least one scope."]})
    if "admin" in scopes and not owner.is_admin:
        raise ValidationError(
            details={"scopes": ["Only admins can create keys with the admin scope."]}
        )
    if expires_at is not None and expires_at <= utcnow():
        raise ValidationError(details={"expires_at": ["Must be in the future."]})
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        owner_id=owner.id,
        workspace_id=workspace.id,
        name=name,
        prefix=raw_key[:10],
        key_hash=hash_key(raw_key),
        scopes=scopes,
        expires_at=expires_at,
    )
    db.session.add(key)
    db.session.flush()
    record_event(
        "api_key.created",
        actor=owner,
        target=key,
        details={
            "name": name,
            "scopes": scopes,
            "prefix": key.prefix,
            "workspace_id": workspace.id,
        },
        ip_address=ip_address,
    )
    return key, raw_key


def list_api_keys(actor: User, workspace_id: int | None = None) -> list[ApiKey]:
    """The workspace's keys, newest first, revoked ones included."""
    workspace = managed_workspace(actor, workspace_id)
    return list(
        db.session.scalars(
            select(ApiKey)
            .where(ApiKey.workspace_id == workspace.id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
        )
    )


def get_api_key(actor: User, key_id: int, workspace_id: int | None = None) -> ApiKey:
    """One of the workspace's keys; NotFound for another workspace's."""
    workspace = managed_workspace(actor, workspace_id)
    key = db.session.get(ApiKey, key_id)
    if key is None or key.workspace_id != workspace.id:
        raise NotFound("No such API key.")
    return key


def revoke_api_key(
    actor: User,
    key_id: int,
    ip_address: str | None = None,
    workspace_id: int | None = None,
) -> ApiKey:
    """Revoke a key at once (revoking twice changes nothing)."""
    key = get_api_key(actor, key_id, workspace_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        record_event(
            "api_key.revoked",
            actor=actor,
            target=key,
            details={"prefix": key.prefix},
            ip_address=ip_address,
        )
    db.session.flush()
    return key


def find_key(raw_key: str) -> ApiKey | None:
    """The key row for a presented key, whatever its state."""
    return db.session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(raw_key)))


def required_scope(method: str, admin_route: bool) -> str:
    """The scope a request needs: admin for admin routes, read for safe methods."""
    if admin_route:
        return "admin"
    return "read" if method.upper() in SAFE_METHODS else "write"


def scope_allows(scopes: list[str], needed: str) -> bool:
    """Whether a key's scopes cover `needed` (write and admin include read)."""
    if needed == "read":
        return bool(set(scopes) & set(API_KEY_SCOPES))
    return needed in scopes


def touch_last_used(key: ApiKey, now: datetime) -> None:
    """Record the use, at most once per LAST_USED_GRANULARITY (one UPDATE)."""
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_GRANULARITY:
        return
    db.session.execute(
        update(ApiKey)
        .where(ApiKey.id == key.id)
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    key.last_used_at = now
