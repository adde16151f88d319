"""Small helpers for edges (views, API): client details, form data, safe redirects."""

from urllib.parse import urlsplit

from flask import request

from app.extensions import db


def client_ip() -> str | None:
    """The client's address as Flask sees it (ProxyFix decides on trusting proxies)."""
    return request.remote_addr


def request_origin() -> dict:
    """Where a request came from, for audit events."""
    return {"ip_address": client_ip(), "user_agent": request.headers.get("User-Agent")}


def form_data() -> dict:
    """The submitted form fields without the CSRF token, for schema validation."""
    return {key: value for key, value in request.form.items() if key != "csrf_token"}


def safe_next_url(target: str | None, default: str) -> str:
    """A same-site relative URL to go to after login; anything else gets `default`."""
    if not target:
        return default
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return default
    return target


def commit_if_changed() -> None:
    """Commit a read that may have updated rows (e.g. lapsed invitations) only when it
    did: a commit expires every loaded row, and rendering after it would read each one
    again, one query per row."""
    if db.session.new or db.session.dirty or db.session.deleted:
        db.session.commit()
