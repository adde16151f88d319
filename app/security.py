"""Security headers on every response: a Content-Security-Policy with nonces, and more.

Each request gets a fresh CSP nonce; templates put it on their <script> (and any
<style>) tags with `csp_nonce()`. Nothing inline runs without it: no inline event
handlers, no `javascript:` URLs, no scripts or styles from other origins, no plugins,
no <base> rewriting, no framing. Dynamic responses are never cached (they hold
candidates' data or a recruiter's decisions); static files keep their normal caching.
"""

import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, request

from app.errors import Forbidden, error_response

NONCE_BYTES = 18
# Endpoints serving static files, which may be cached (they hold no personal data).
# The product logo route (app/products/brand_views.py) serves versioned images.
STATIC_ENDPOINTS = ("static", "flasgger.static", "products.brand_logo")


NONCE_KEY = "viva.csp_nonce"
DEFAULT_PORTS = {"http": 80, "https": 443}
SOCKETIO_PATH = "/socket.io/"
WSGI_PATH = "PATH_INFO"  # the WSGI environ's request path (not a setting)


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
        # The room's voice option plays the speech service's audio from a blob: URL.
        "media-src": "'self' blob:",
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
    site cannot log a visitor into an account of its choosing. Browsers too old to
    send Sec-Fetch-Site are judged by their Origin header. Clients that are not
    browsers send neither and are not affected.
    """
    if request.method not in UNSAFE_METHODS:
        return None
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    if fetch_site == "cross-site" or (not fetch_site and _foreign_origin()):
        return error_response(Forbidden("This request came from another site."))
    return None


def _origin_of(url: str) -> tuple[str, str, int | None] | None:
    parts = urlsplit(url.strip().lower())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return None
    return parts.scheme, parts.hostname, port


def _foreign_origin() -> bool:
    """True when a browser that sends no fetch metadata names another site in
    Origin ("null", from sandboxes and cross-site redirects, counts as another site).
    Requests with an Authorization header carry no ambient credentials: not checked."""
    origin = request.headers.get("Origin")
    if origin is None or request.headers.get("Authorization"):
        return False
    ours = {_origin_of(request.host_url)}
    public = current_app.config.get("PUBLIC_BASE_URL")
    if public:
        ours.add(_origin_of(public))
    found = _origin_of(origin)
    return found is None or found not in ours


def socketio_security_headers(app: Flask) -> list[tuple[str, str]]:
    """The headers of Socket.IO's own responses (polling transport, handshakes):
    they carry no page, so nothing may load or frame them."""
    headers = [
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]
    hsts_seconds = app.config.get("HSTS_SECONDS") or 0
    if hsts_seconds > 0:
        value = f"max-age={hsts_seconds}; includeSubDomains"
        headers.append(("Strict-Transport-Security", value))
    return headers


def secure_socketio_responses(app: Flask) -> None:
    """Wrap the WSGI app so /socket.io/ responses, which Socket.IO's middleware
    answers before Flask (and its after_request) sees them, get the headers too.
    Call after Socket.IO is bound to the app."""
    inner, extra = app.wsgi_app, socketio_security_headers(app)

    def with_headers(environ, start_response):
        if not environ.get(WSGI_PATH, "").startswith(SOCKETIO_PATH):
            return inner(environ, start_response)

        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _value in headers}
            headers = list(headers) + [
                (name, value) for name, value in extra if name.lower() not in present
            ]
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    app.wsgi_app = with_headers


def register_security(app: Flask) -> None:
    """Give templates csp_nonce() and every response the security headers."""
    app.add_template_global(csp_nonce, "csp_nonce")
    app.before_request(refuse_cross_site_requests)
    app.after_request(add_security_headers)
