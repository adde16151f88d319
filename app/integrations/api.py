"""JSON API for API keys and webhook endpoints, under /api/v1."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.errors import Forbidden
from app.extensions import db
from app.integrations import api_keys, bp, webhooks
from app.integrations.bearer import presented_api_key
from app.integrations.schemas import (
    ApiKeyCreatedSchema,
    ApiKeyInSchema,
    ApiKeySchema,
    WebhookDeliverySchema,
    WebhookEndpointInSchema,
    WebhookEndpointSchema,
    WebhookEndpointSecretSchema,
    WebhookEndpointUpdateSchema,
)
from app.openapi import operation
from app.schemas import PageQuerySchema, list_schema
from app.web import request_origin

API = "/api/v1"
OWNERS = ("recruiter", "admin")


def _signed_in_user():
    """The caller; managing keys needs a real sign-in, not another key."""
    if presented_api_key() is not None:
        raise Forbidden("API keys cannot manage API keys; sign in instead.")
    return get_current_user()


def _page(items, total, query) -> dict:
    meta = {"page": query["page"], "per_page": query["per_page"], "total": total}
    return {"items": items, "meta": meta}


@bp.get(f"{API}/api-keys")
@role_required(*OWNERS)
@operation(
    "Your API keys",
    tags=["api keys"],
    query=PageQuerySchema,
    responses={200: list_schema(ApiKeySchema)},
)
def api_list_api_keys(query):
    """Every key you created, revoked ones included, with when each was last used."""
    keys = api_keys.list_api_keys(_signed_in_user())
    start = (query["page"] - 1) * query["per_page"]
    return _page(keys[start : start + query["per_page"]], len(keys), query)


@bp.post(f"{API}/api-keys")
@role_required(*OWNERS)
@operation(
    "Create an API key",
    tags=["api keys"],
    body=ApiKeyInSchema,
    responses={201: ApiKeyCreatedSchema},
)
def api_create_api_key(body):
    """The key is in this response only; Viva keeps just its hash. Send it as
    `Authorization: Bearer vk_...`."""
    origin = request_origin()
    key, raw_key = api_keys.create_api_key(
        _signed_in_user(), ip_address=origin["ip_address"], **body
    )
    db.session.commit()
    key.key = raw_key
    return key, 201


@bp.delete(f"{API}/api-keys/<int:key_id>")
@role_required(*OWNERS)
@operation("Revoke an API key", tags=["api keys"], responses={200: ApiKeySchema})
def api_revoke_api_key(key_id):
    """The key stops working at once; its later use is audited."""
    origin = request_origin()
    key = api_keys.revoke_api_key(
        _signed_in_user(), key_id, ip_address=origin["ip_address"]
    )
    db.session.commit()
    return key


@bp.get(f"{API}/webhooks")
@role_required(*OWNERS)
@operation(
    "Your webhook endpoints",
    tags=["webhooks"],
    query=PageQuerySchema,
    responses={200: list_schema(WebhookEndpointSchema)},
)
def api_list_webhooks(query):
    """Endpoints with their subscribed events and whether they are enabled."""
    endpoints = webhooks.list_endpoints(get_current_user())
    start = (query["page"] - 1) * query["per_page"]
    return _page(endpoints[start : start + query["per_page"]], len(endpoints), query)


@bp.post(f"{API}/webhooks")
@role_required(*OWNERS)
@operation(
    "Subscribe an endpoint to events",
    tags=["webhooks"],
    body=WebhookEndpointInSchema,
    responses={201: WebhookEndpointSecretSchema},
)
def api_create_webhook(body):
    """The signing secret is in this response only. Deliveries are signed per
    Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature headers)."""
    endpoint = webhooks.create_endpoint(get_current_user(), **body)
    db.session.commit()
    return endpoint, 201


@bp.patch(f"{API}/webhooks/<int:endpoint_id>")
@role_required(*OWNERS)
@operation(
    "Change an endpoint, or enable it again",
    tags=["webhooks"],
    body=WebhookEndpointUpdateSchema,
    responses={200: WebhookEndpointSchema},
)
def api_update_webhook(endpoint_id, body):
    endpoint = webhooks.update_endpoint(get_current_user(), endpoint_id, **body)
    db.session.commit()
    return endpoint


@bp.delete(f"{API}/webhooks/<int:endpoint_id>")
@role_required(*OWNERS)
@operation("Delete an endpoint", tags=["webhooks"], responses={204: None})
def api_delete_webhook(endpoint_id):
    webhooks.delete_endpoint(get_current_user(), endpoint_id)
    db.session.commit()
    return None, 204


@bp.post(f"{API}/webhooks/<int:endpoint_id>/rotate-secret")
@role_required(*OWNERS)
@operation(
    "Rotate an endpoint's signing secret",
    tags=["webhooks"],
    responses={200: WebhookEndpointSecretSchema},
)
def api_rotate_webhook_secret(endpoint_id):
    """The new secret is in this response only and signs every later attempt."""
    endpoint = webhooks.rotate_secret(get_current_user(), endpoint_id)
    db.session.commit()
    return endpoint


@bp.get(f"{API}/webhooks/<int:endpoint_id>/deliveries")
@role_required(*OWNERS)
@operation(
    "An endpoint's delivery log",
    tags=["webhooks"],
    query=PageQuerySchema,
    responses={200: list_schema(WebhookDeliverySchema)},
)
def api_list_deliveries(endpoint_id, query):
    """Newest first: status, attempts, last response code and time, payload."""
    rows, total = webhooks.list_deliveries(
        get_current_user(), endpoint_id, page=query["page"], per_page=query["per_page"]
    )
    return _page(rows, total, query)


@bp.post(f"{API}/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver")
@role_required(*OWNERS)
@operation(
    "Send a delivery again",
    tags=["webhooks"],
    responses={202: WebhookDeliverySchema},
)
def api_redeliver(endpoint_id, delivery_id):
    """Same message id (receivers can deduplicate), a fresh 24-hour retry window."""
    delivery = webhooks.redeliver(get_current_user(), endpoint_id, delivery_id)
    db.session.commit()
    return delivery, 202
