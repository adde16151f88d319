"""What the OpenAPI document says about API keys, Idempotency-Key and webhooks.

build_spec (app/openapi.py) hands its finished document to document_integrations().
"""

from app.integrations.idempotency import applies_to
from app.models import WEBHOOK_EVENTS

API_KEY_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "vk_ API key",
    "description": "An API key from a workspace's settings (API keys), sent as "
    "`Authorization: Bearer vk_...`. It acts as its creator within its workspace, "
    "with the creator's role there (a viewer's key reads only; a creator who leaves "
    "the workspace leaves a dead key), narrowed to its scopes: read (GET), write "
    "(read and changes), admin (admin routes, admin creators only). "
    "Out-of-scope requests answer 403; revoked or expired keys 401.",
}

IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Any unique string (e.g. a UUID). A repeat with the same key and "
    "the same body returns the first response (with `Idempotent-Replayed: true`) "
    "without doing the work again; the same key with another body answers 422; a "
    "repeat while the first is still running answers 409. Keys are kept 24 hours "
    "per signed-in caller (an API key shares its owner's), in Redis when the server "
    "has one, else in its database. A 5xx or 429 answer frees the key for a retry; "
    "secrets shown once are not repeated in a replay.",
    "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
}

_SESSION = {
    "session_id": 42,
    "interview": {"id": 7, "role_title": "Backend Engineer"},
    "candidate": {"invitation_id": 51, "name": "Kim Lee", "email": "kim@example.com"},
    "report_url": "https://viva.example.com/portal/sessions/42",
}
EVENT_EXAMPLES = {
    "invitation.sent": {
        "interview": {"id": 7, "role_title": "Backend Engineer"},
        "candidate": _SESSION["candidate"],
        "sent_at": "2026-12-05T10:00:00+00:00",
        "expires_at": "2026-12-19T10:00:00+00:00",
    },
    "interview.started": {**_SESSION, "started_at": "2026-12-06T09:00:00+00:00"},
    "interview.completed": {
        **_SESSION,
        "started_at": "2026-12-06T09:00:00+00:00",
        "ended_at": "2026-12-06T09:31:12+00:00",
    },
    "evaluation.ready": {
        **_SESSION,
        "overall_score": 7.4,
        "recommendation": "advance",
        "scoring_status": "done",
    },
    "candidate.stage_changed": {**_SESSION, "from": "new", "to": "advance"},
    "application.received": {
        "application_id": 12,
        "opening": {"id": 3, "title": "Backend Engineer"},
        "candidate": {"name": "Kim Lee", "email": "kim@example.com"},
        "match_score": 72,
        "application_url": "https://viva.example.com/portal/applications/12",
    },
    "integrity.flagged": {
        **_SESSION,
        "message_seq": 5,
        "question_id": 12,
        "rule": "more than half of an answer of 40+ characters was pasted",
        "pasted_chars": 412,
        "answer_chars": 430,
    },
}

WEBHOOKS_TEXT = (
    "Endpoints receive `POST` requests with a JSON body `{type, timestamp, data}`, "
    "signed per the Standard Webhooks specification: headers `webhook-id` (the same "
    "on every retry: deduplicate on it), `webhook-timestamp` and `webhook-signature` "
    "(`v1,<base64 HMAC-SHA256>` of `id.timestamp.body` with your `whsec_` secret). "
    "Verify with any Standard Webhooks library and refuse timestamps older than 5 "
    "minutes. Answer 2xx within 10 seconds; anything else is retried with "
    "exponential backoff for 24 hours, and an endpoint failing repeatedly is "
    "disabled (the workspace's owners and admins are emailed). Events: "
    + ", ".join(WEBHOOK_EVENTS)
    + ". "
    "A delivery's headers look like: webhook-id msg_..., webhook-timestamp "
    "1796549473 (seconds), webhook-signature v1,<base64>. In Python, the "
    "standardwebhooks library's Webhook(secret).verify(body, headers) returns the "
    "payload or raises. Each event's body, with an example, is the schema named "
    "WebhookEvent and the event's type."
)


def _event_schema(event: str) -> dict:
    return {
        "type": "object",
        "description": f"The body of a `{event}` delivery.",
        "properties": {
            "type": {"type": "string", "enum": [event]},
            "timestamp": {"type": "string", "format": "date-time"},
            "data": {"type": "object"},
        },
        "required": ["type", "timestamp", "data"],
        "example": {
            "type": event,
            "timestamp": "2026-12-06T09:31:13+00:00",
            "data": EVENT_EXAMPLES[event],
        },
    }


def document_integrations(document: dict) -> None:
    """Add the API key scheme, the Idempotency-Key header and the webhook events."""
    components = document.setdefault("components", {})
    components.setdefault("securitySchemes", {})["apiKey"] = API_KEY_SCHEME
    schemas = components.setdefault("schemas", {})
    for event in WEBHOOK_EVENTS:
        schemas["WebhookEvent." + event] = _event_schema(event)
    document.setdefault("tags", []).append(
        {"name": "webhooks", "description": WEBHOOKS_TEXT}
    )
    document["x-webhooks"] = {
        event: {"$ref": f"#/components/schemas/WebhookEvent.{event}"}
        for event in WEBHOOK_EVENTS
    }
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if {"bearerAuth": []} not in operation.get("security", []):
                continue  # anonymous operations ignore Idempotency-Key
            operation["security"] = [{"bearerAuth": []}, {"apiKey": []}]
            if method == "post" and applies_to(path):
                _document_idempotency(operation)


def _document_idempotency(operation: dict) -> None:
    operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_HEADER))
    responses = operation["responses"]
    error = {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        }
    }
    for status, text in (
        ("400", "Malformed request (or a malformed Idempotency-Key)"),
        ("409", "Conflicts with existing data, or this Idempotency-Key is in use"),
        ("422", "Validation failed, or the Idempotency-Key was used for another body"),
    ):
        responses.setdefault(status, {"description": text, **error})
