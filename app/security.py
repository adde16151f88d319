"""Security headers on every response: a Content-Security-Policy with nonces, and more.

Each request gets a fresh CSP nonce; templates put it on their <script> (and any
<style>) tags with `csp_nonce()`. Nothing inline runs without it: no inline event
handlers, no `javascript:` URLs, no scripts or styles from other origins, no plugins,
no <base> rewriting, no framing. Dynamic responses are never cached (they hold
candidates' data or a recruiter's decisions); static files keep their normal caching.
"""

import secrets

from flask import Flask, current_app, request

from app.errors import Forbidden, error_response

NONCE_BYTES = 18
# Endpoints serving static files, which may be cached (they hold no personal data).
STATIC_ENDPOINTS = ("static", "flasgger.static")


NONCE_KEY = "viva.csp_nonce"


def csp_nonce() -> str:
    """This request's CSP nonce (made on first use).

    Kept in the request's environ rather than `g`: an app context (and its `g`) can
    outlive one request, and a nonce must never be reused.
    """
    environ = request.environ
    if NONCE_KEY not in environ:
        environ[NONCE_KEY] = secrets.token_urlsafe(NONCE_BYTES)
    return environ[NONCE_KEY]


def content_security_policy(nonce: str) -> str:
    """The policy for one response: same-origin everything, scripts only with the
    nonce."""
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": f"'self' 'nonce-{nonce}'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        # 'self' covers the Socket.IO WebSocket (ws:/wss: to the same host).
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def is_static_request() -> bool:
    """True for static files, the only responses that may be cached."""
    return (request.endpoint or "") in STATIC_ENDPOINTS


def add_security_headers(response):
    """Set the security headers a view did not set itself (candidate pages set
    stricter ones)."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # Tokens live in some URLs (invitation, reset and verification links): never send
    # them to another site.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
    )
    hsts_seconds = current_app.config.get("HSTS_SECONDS") or 0
    if hsts_seconds > 0:
        headers.setdefault(
            "Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains"
        )
    if not is_static_request():
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Pragma", "no-cache")
    return response


UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def refuse_cross_site_requests():
    """Refuse state changes a browser says another site started.

    Portal forms and cookie API calls also carry a CSRF token; this covers the forms
    that have none to check (log in, register, forgot and reset password), so another
    site cannot log a visitor into an account of its choosing. Clients that are not
    browsers send no Sec-Fetch-Site header and are not affected.
    """
    if request.method not in UNSAFE_METHODS:
        return None
    if request.headers.get("Sec-Fetch-Site", "").lower() != "cross-site":
        return None
    return error_response(Forbidden("This request came from another site."))


def register_security(app: Flask) -> None:
    """Give templates csp_nonce() and every response the security headers."""
    app.add_template_global(csp_nonce, "csp_nonce")
    app.before_request(refuse_cross_site_requests)
    app.after_request(add_security_headers)
