"""A workspace's settings pages: API keys and webhook endpoints with their delivery log.

They sit beside the workspace's members (/workspaces/<id>/...), for its owners and
admins; the old profile addresses redirect to the current workspace's pages.

Secrets (a new key, a new or rotated signing secret) are rendered in the answer to the
POST that made them and nowhere else: never flashed, never in a redirect.
"""

from datetime import UTC, datetime, time

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import member_required, role_required
from app.errors import AppError
from app.extensions import db
from app.integrations import api_keys, bp, webhooks
from app.integrations.access import managed_workspace
from app.integrations.schemas import ApiKeyInSchema, WebhookEndpointInSchema
from app.models import API_KEY_SCOPES, WEBHOOK_EVENTS, utcnow
from app.openapi import load_data
from app.web import request_origin

OWNERS = ("recruiter", "admin")


def _errors(error: AppError) -> dict:
    return error.details or {"_form": [error.message]}


def _key_values() -> dict:
    form = request.form
    values = {
        "name": form.get("name", ""),
        "scopes": [scope for scope in API_KEY_SCOPES if form.get(f"scope_{scope}")],
    }
    if form.get("expires_on"):
        try:
            day = datetime.strptime(form["expires_on"], "%Y-%m-%d").date()
            values["expires_at"] = datetime.combine(day, time.max, UTC).isoformat()
        except ValueError:
            values["expires_at"] = "not a date"
    return values


def _render_keys(
    user, workspace_id, *, new_key=None, values=None, errors=None, status=200
):
    page = render_template(
        "integrations/api_keys.html",
        workspace=managed_workspace(user, workspace_id),
        keys=api_keys.list_api_keys(user, workspace_id),
        scopes=API_KEY_SCOPES,
        new_key=new_key,
        now=utcnow(),
        values=values or {"scopes": ["read"]},
        errors=errors or {},
    )
    return page, status


@bp.get("/profile/api-keys")
@role_required(*OWNERS)
def profile_api_keys():
    """The old address: the current workspace's keys."""
    workspace = managed_workspace(get_current_user())
    return redirect(url_for("integrations.api_keys_page", workspace_id=workspace.id))


@bp.get("/portal/workspaces/<int:workspace_id>/api-keys")
@member_required
def api_keys_page(workspace_id):
    return _render_keys(get_current_user(), workspace_id)


@bp.post("/portal/workspaces/<int:workspace_id>/api-keys")
@member_required
def create_api_key(workspace_id):
    """Create a key and show it, once, in this answer."""
    user, values = get_current_user(), _key_values()
    try:
        key, raw_key = api_keys.create_api_key(
            user,
            ip_address=request_origin()["ip_address"],
            workspace_id=workspace_id,
            **load_data(ApiKeyInSchema, values),
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        if error.status in (403, 404):
            raise
        return _render_keys(
            user, workspace_id, values=values, errors=_errors(error), status=422
        )
    return _render_keys(user, workspace_id, new_key=(key, raw_key), status=201)


@bp.post("/portal/workspaces/<int:workspace_id>/api-keys/<int:key_id>/revoke")
@member_required
def revoke_api_key(workspace_id, key_id):
    key = api_keys.revoke_api_key(
        get_current_user(),
        key_id,
        ip_address=request_origin()["ip_address"],
        workspace_id=workspace_id,
    )
    db.session.commit()
    flash(f"The key “{key.name}” is revoked.", "success")
    return redirect(url_for("integrations.api_keys_page", workspace_id=workspace_id))


def _render_hooks(
    user, workspace_id, *, created=None, values=None, errors=None, status=200
):
    page = render_template(
        "integrations/webhooks.html",
        workspace=managed_workspace(user, workspace_id),
        endpoints=webhooks.list_endpoints(user, workspace_id),
        events=WEBHOOK_EVENTS,
        emitted=webhooks.EMITTED_EVENTS,
        created=created,
        values=values or {"events": list(webhooks.EMITTED_EVENTS)},
        errors=errors or {},
    )
    return page, status


@bp.get("/profile/webhooks")
@role_required(*OWNERS)
def profile_webhooks():
    """The old address: the current workspace's endpoints."""
    workspace = managed_workspace(get_current_user())
    return redirect(url_for("integrations.webhooks_page", workspace_id=workspace.id))


@bp.get("/portal/workspaces/<int:workspace_id>/webhooks")
@member_required
def webhooks_page(workspace_id):
    return _render_hooks(get_current_user(), workspace_id)


@bp.post("/portal/workspaces/<int:workspace_id>/webhooks")
@member_required
def create_webhook(workspace_id):
    """Subscribe an endpoint and show its signing secret, once."""
    user, form = get_current_user(), request.form
    values = {
        "url": form.get("url", ""),
        "description": form.get("description", ""),
        "events": [event for event in WEBHOOK_EVENTS if form.get(f"event_{event}")],
    }
    try:
        endpoint = webhooks.create_endpoint(
            user,
            workspace_id=workspace_id,
            **load_data(WebhookEndpointInSchema, values),
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        if error.status in (403, 404):
            raise
        return _render_hooks(
            user, workspace_id, values=values, errors=_errors(error), status=422
        )
    return _render_hooks(user, workspace_id, created=endpoint, status=201)


def _render_endpoint(user, workspace_id, endpoint_id, *, secret=None, status=200):
    endpoint = webhooks.get_endpoint(user, endpoint_id, workspace_id)
    page_number = request.args.get("page", 1, type=int) or 1
    deliveries, total = webhooks.list_deliveries(
        user,
        endpoint_id,
        page=max(page_number, 1),
        per_page=20,
        workspace_id=workspace_id,
    )
    page = render_template(
        "integrations/webhook.html",
        workspace=endpoint.workspace,
        hook=endpoint,
        deliveries=deliveries,
        meta={"page": max(page_number, 1), "per_page": 20, "total": total},
        secret=secret,
    )
    return page, status


HOOK = "/portal/workspaces/<int:workspace_id>/webhooks/<int:endpoint_id>"


def _to_endpoint(workspace_id, endpoint_id):
    return redirect(
        url_for(
            "integrations.webhook_page",
            workspace_id=workspace_id,
            endpoint_id=endpoint_id,
        )
    )


@bp.get(HOOK)
@member_required
def webhook_page(workspace_id, endpoint_id):
    return _render_endpoint(get_current_user(), workspace_id, endpoint_id)


@bp.post(f"{HOOK}/rotate")
@member_required
def rotate_webhook_secret(workspace_id, endpoint_id):
    """A new signing secret, shown once in this answer."""
    user = get_current_user()
    endpoint = webhooks.rotate_secret(user, endpoint_id, workspace_id)
    db.session.commit()
    return _render_endpoint(user, workspace_id, endpoint_id, secret=endpoint.secret)


@bp.post(f"{HOOK}/active")
@member_required
def set_webhook_active(workspace_id, endpoint_id):
    active = request.form.get("active") == "1"
    webhooks.update_endpoint(
        get_current_user(), endpoint_id, workspace_id, is_active=active
    )
    db.session.commit()
    flash(
        "The endpoint is enabled." if active else "The endpoint is paused.", "success"
    )
    return _to_endpoint(workspace_id, endpoint_id)


@bp.post(f"{HOOK}/delete")
@member_required
def delete_webhook(workspace_id, endpoint_id):
    webhooks.delete_endpoint(get_current_user(), endpoint_id, workspace_id)
    db.session.commit()
    flash("The endpoint and its delivery log are deleted.", "success")
    return redirect(url_for("integrations.webhooks_page", workspace_id=workspace_id))


@bp.post(f"{HOOK}/deliveries/<int:delivery_id>/redeliver")
@member_required
def redeliver_webhook(workspace_id, endpoint_id, delivery_id):
    webhooks.redeliver(get_current_user(), endpoint_id, delivery_id, workspace_id)
    db.session.commit()
    flash("The delivery is queued again.", "success")
    return _to_endpoint(workspace_id, endpoint_id)
