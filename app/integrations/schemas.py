"""Schemas for API keys and webhook endpoints (validation and the OpenAPI doc)."""

from marshmallow import Schema, fields, validate

from app.models import API_KEY_SCOPES, DELIVERY_STATUSES, WEBHOOK_EVENTS
from app.schemas import Trimmed

KEY_NAME = validate.Length(min=1, max=80, error="Use 1-80 characters.")


class ApiKeySchema(Schema):
    id = fields.Integer(required=True)
    workspace_id = fields.Integer(
        required=True, metadata={"description": "The workspace the key belongs to."}
    )
    created_by_id = fields.Integer(
        attribute="owner_id",
        required=True,
        metadata={"description": "Who created it: the key acts as this member."},
    )
    name = fields.String(required=True)
    prefix = fields.String(
        required=True, metadata={"description": "The key's first characters."}
    )
    scopes = fields.List(
        fields.String(metadata={"enum": list(API_KEY_SCOPES)}), required=True
    )
    expires_at = fields.DateTime(allow_none=True, required=True)
    last_used_at = fields.DateTime(allow_none=True, required=True)
    revoked_at = fields.DateTime(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class ApiKeyCreatedSchema(ApiKeySchema):
    key = fields.String(
        required=True,
        metadata={
            "description": "The key itself (vk_...). Shown only in this response: "
            "store it now."
        },
    )


class ApiKeyInSchema(Schema):
    name = Trimmed(required=True, validate=KEY_NAME)
    scopes = fields.List(
        fields.String(validate=validate.OneOf(API_KEY_SCOPES)),
        required=True,
        validate=validate.Length(min=1, max=3, error="Choose 1-3 scopes."),
        metadata={
            "description": "read: GET requests; write: read and changes; admin: "
            "admin routes (admin creators only)."
        },
    )
    expires_at = fields.AwareDateTime(
        allow_none=True,
        load_default=None,
        metadata={"description": "Optional; the key stops working then."},
    )


class WebhookEndpointSchema(Schema):
    id = fields.Integer(required=True)
    workspace_id = fields.Integer(
        required=True,
        metadata={"description": "The workspace whose products' events it receives."},
    )
    url = fields.String(required=True)
    description = fields.String(required=True)
    events = fields.List(
        fields.String(metadata={"enum": list(WEBHOOK_EVENTS)}), required=True
    )
    is_active = fields.Boolean(required=True)
    disabled_at = fields.DateTime(allow_none=True, required=True)
    disabled_reason = fields.String(allow_none=True, required=True)
    failure_streak = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)


class WebhookEndpointSecretSchema(WebhookEndpointSchema):
    secret = fields.String(
        required=True,
        metadata={
            "description": "The signing secret (whsec_...), shown only in this "
            "response: pass it to your Standard Webhooks verifier."
        },
    )


class WebhookEndpointInSchema(Schema):
    url = Trimmed(
        required=True,
        validate=validate.Length(min=8, max=2048, error="Use 8-2,048 characters."),
        metadata={"description": "HTTPS address (HTTP is allowed in development)."},
    )
    description = Trimmed(load_default="", validate=validate.Length(max=200))
    events = fields.List(
        fields.String(validate=validate.OneOf(WEBHOOK_EVENTS)),
        required=True,
        validate=validate.Length(min=1, max=len(WEBHOOK_EVENTS)),
    )


class WebhookEndpointUpdateSchema(Schema):
    url = Trimmed(validate=validate.Length(min=8, max=2048))
    description = Trimmed(validate=validate.Length(max=200))
    events = fields.List(
        fields.String(validate=validate.OneOf(WEBHOOK_EVENTS)),
        validate=validate.Length(min=1, max=len(WEBHOOK_EVENTS)),
    )
    is_active = fields.Boolean(
        metadata={"description": "true re-enables a disabled endpoint."}
    )


class WebhookDeliverySchema(Schema):
    id = fields.Integer(required=True)
    message_id = fields.String(required=True)
    event = fields.String(required=True, metadata={"enum": list(WEBHOOK_EVENTS)})
    status = fields.String(required=True, metadata={"enum": list(DELIVERY_STATUSES)})
    attempts = fields.Integer(required=True)
    next_attempt_at = fields.DateTime(allow_none=True, required=True)
    last_attempt_at = fields.DateTime(allow_none=True, required=True)
    response_status = fields.Integer(allow_none=True, required=True)
    response_ms = fields.Integer(allow_none=True, required=True)
    last_error = fields.String(allow_none=True, required=True)
    payload = fields.Dict(required=True)
    created_at = fields.DateTime(required=True)
    delivered_at = fields.DateTime(allow_none=True, required=True)
