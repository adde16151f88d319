"""Idempotency-Key on every POST under /api/v1.

The first request with a key claims it in one atomic step before the view runs (Redis
SET NX, or an INSERT on the database's unique (caller, key)), so a concurrent repeat
cannot claim it too. When the view has answered, the response is stored with the key.
A repeat with the same key then gets:

- the stored response again (header `Idempotent-Replayed: true`) when its method,
  path and body are the same; the work is not done again;
- 422 when they differ (the key was used for another request);
- 409 while the first request is still being handled.

Keys belong to the signed-in caller and are kept IDEMPOTENCY_KEY_HOURS (24 h), in
Redis when REDIS_URL is set, in the database otherwise (app/integrations/
idempotency_stores.py).
Anonymous requests and the auth endpoints (sign-in, refresh, logout: they issue or
revoke tokens) ignore the header. A 5xx answer releases
the key so the client may try again. Secrets shown once (API keys, signing secrets,
tokens) are not kept: a replay carries a placeholder in their place.
"""

import hashlib
import json
import re

from flask import Flask, Response, current_app, g, request

from app.errors import Conflict, InvalidRequest, ValidationError, error_response
from app.integrations.idempotency_stores import (
    FallbackStore,
    StoredKey,
    current_store,
)
from app.models import utcnow

HEADER = "Idempotency-Key"
EXCLUDED_PREFIX = "/api/v1/auth/"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
SECRET_FIELDS = ("key", "secret", "access_token", "refresh_token")
REDACTED = "[not repeated: shown once]"
KEPT_HEADERS = ("Content-Type", "Location")


def applies_to(path: str) -> bool:
    """POSTs under /api/v1, except the auth endpoints (they issue or revoke tokens)."""
    return path.startswith("/api/v1/") and not path.startswith(EXCLUDED_PREFIX)


def request_fingerprint() -> str:
    """SHA-256 of what makes two requests the same: method, path, query, body."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode()):
        digest.update(part.encode() + b"\0")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def claim_key(caller: str, key: str, fingerprint: str, now, hours: int) -> bool:
    """Claim (caller, key) for a new request; False when someone holds it already."""
    return FallbackStore(current_store()).claim(caller, key, fingerprint, now, hours)


def _caller() -> str | None:
    """Whose key space this request uses: its signed-in user, or None."""
    from app.integrations.callers import request_user_id

    user_id = request_user_id()
    return f"user:{user_id}" if user_id is not None else None


def _replay(row: StoredKey) -> Response:
    response = Response(row.body, status=row.status)
    for name, value in row.headers.items():
        response.headers[name] = value
    response.headers["Idempotent-Replayed"] = "true"
    return response


def before_post():
    """Claim the key, or answer a repeat from what the first request got."""
    if request.method != "POST" or not applies_to(request.path):
        return None
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.match(key):
        return error_response(
            InvalidRequest(f"{HEADER} must be 1-255 visible ASCII characters.")
        )
    caller = _caller()
    if caller is None:
        return None
    fingerprint, now = request_fingerprint(), utcnow()
    hours = current_app.config["IDEMPOTENCY_KEY_HOURS"]
    store = FallbackStore(current_store())
    if store.claim(caller, key, fingerprint, now, hours):
        g.idempotency_claim = (store, caller, key)
        return None
    row = store.find(caller, key)
    if row is None or row.state == "in_progress":
        return error_response(
            Conflict(f"A request with this {HEADER} is still being handled.")
        )
    if row.request_hash != fingerprint:
        return error_response(
            ValidationError(
                f"This {HEADER} was used for a different request.",
                details={HEADER: ["Used with another method, path or body."]},
            )
        )
    return _replay(row)


def _stored_body(response: Response) -> bytes:
    body = response.get_data()
    if not response.is_json:
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, dict) and any(name in data for name in SECRET_FIELDS):
        for name in SECRET_FIELDS:
            if name in data:
                data[name] = REDACTED
        return json.dumps(data).encode()
    return body


def after_post(response: Response) -> Response:
    """Keep the response with the key, or release the key after a server error."""
    claim = g.pop("idempotency_claim", None)
    if claim is None:
        return response
    store, caller, key = claim
    if (
        response.status_code >= 500
        or response.status_code == 429
        or response.is_streamed
    ):
        store.release(caller, key)
    else:
        headers = {
            n: response.headers[n] for n in KEPT_HEADERS if n in response.headers
        }
        store.complete(
            caller, key, response.status_code, _stored_body(response), headers
        )
    return response


def release_on_teardown(_exc) -> None:
    """A request that ended without a response (an exception) frees its key."""
    claim = g.pop("idempotency_claim", None)
    if claim is not None:
        store, caller, key = claim
        store.release(caller, key)


def register_idempotency(app: Flask) -> None:
    """Hook the Idempotency-Key handling around every request."""
    app.before_request(before_post)
    app.after_request(after_post)
    app.teardown_request(release_on_teardown)
