"""The portal's cookie session: who is signed in, implicit token refresh, auth failures.

Pages use the same JWTs as the API, kept in HttpOnly cookies. Access tokens are
short-lived; before each request an access token that is missing, expired or close to
expiry is replaced from the refresh cookie, keeping the login session's CSRF value so
open forms stay valid.
"""

from datetime import UTC, datetime, timedelta

import jwt as pyjwt
from flask import Flask, current_app, flash, g, redirect, request, url_for
from flask_jwt_extended import (
    decode_token,
    set_access_cookies,
    unset_jwt_cookies,
)
from flask_jwt_extended.exceptions import CSRFError
from werkzeug.datastructures import ImmutableMultiDict

from app.auth.decorators import VERIFIED_TOKEN
from app.auth.tokens import is_revoked, issue_access_token
from app.errors import AuthError, Forbidden, error_response, wants_json
from app.extensions import db, jwt
from app.models import User

REFRESH_MARGIN = timedelta(minutes=5)


def load_token_user(payload: dict) -> User | None:
    """The active user a decoded token speaks for, or None when it no longer may."""
    try:
        user = db.session.get(User, int(payload["sub"]))
    except (TypeError, ValueError):
        return None
    if user is None or not user.is_active or payload.get("ver") != user.token_version:
        return None
    return user


def expires(payload: dict) -> bool:
    """True when a token carries an expiry: a signed token without one (which no
    Viva version issues) would work for ever, so it is refused."""
    return isinstance(payload.get("exp"), int | float)


def _decode(token: str | None, **kwargs) -> dict | None:
    if not token:
        return None
    try:
        payload = decode_token(token, **kwargs)
    except Exception:  # any invalid token simply does not count
        return None
    return payload if expires(payload) else None


def _needs_refresh(access_token: str | None) -> bool:
    """Whether the access cookie is missing, expired or close to expiry.

    Only its expiry is read, without checking the signature: this decides whether to
    mint a new access token from the (fully checked) refresh cookie, and the access
    token itself is checked once, where the request is authenticated. A forged expiry
    gains nothing: the forged token still fails that check."""
    if not access_token:
        return True
    try:
        claims = pyjwt.decode(access_token, options={"verify_signature": False})
        expires = datetime.fromtimestamp(claims["exp"], UTC)
    except (pyjwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError):
        return True
    return expires - datetime.now(UTC) < REFRESH_MARGIN


def refresh_portal_session() -> None:
    """Mint an access cookie from a valid refresh cookie when the old one is stale."""
    if request.headers.get("Authorization") or request.path.startswith("/static/"):
        return
    config = current_app.config
    refresh_cookie = request.cookies.get(config["JWT_REFRESH_COOKIE_NAME"])
    if not refresh_cookie:
        return
    if not _needs_refresh(request.cookies.get(config["JWT_ACCESS_COOKIE_NAME"])):
        return
    refresh = _decode(refresh_cookie)
    if refresh is None or refresh.get("type") != "refresh" or is_revoked(refresh):
        return
    user = load_token_user(refresh)
    if user is None:
        return
    token = issue_access_token(user, sid=refresh["sid"], csrf=refresh["csrf"])
    g.refreshed_access_token = token
    # Let this very request authenticate with the new token.
    cookies = request.cookies.to_dict()
    cookies[config["JWT_ACCESS_COOKIE_NAME"]] = token
    request.cookies = ImmutableMultiDict(cookies)


def store_refreshed_cookie(response):
    """Send the access cookie minted by refresh_portal_session, if any."""
    token = g.pop("refreshed_access_token", None)
    if token is not None:
        set_access_cookies(response, token)
    return response


def portal_identity() -> tuple[User | None, str | None]:
    """The signed-in portal user and the forms' CSRF value, from the access cookie."""
    cached = request.environ.get("viva.portal_identity")
    if cached is None:
        user, payload = _checked_access_cookie()
        cached = (user, payload.get("csrf") if user else None)
        request.environ["viva.portal_identity"] = cached
        request.environ["viva.portal_claims"] = payload if user else None
    return cached


def _checked_access_cookie() -> tuple[User | None, dict | None]:
    """The access cookie's user and claims, decoded and checked once per request: what
    @role_required (verify_jwt_in_request) already checked is reused, else it is
    checked here."""
    location, claims, user = request.environ.get(VERIFIED_TOKEN, (None, {}, None))
    if location == "cookies" and claims.get("type") == "access":
        return user, claims
    payload = _decode(request.cookies.get(current_app.config["JWT_ACCESS_COOKIE_NAME"]))
    if payload is None or payload.get("type") != "access" or is_revoked(payload):
        return None, None
    return load_token_user(payload), payload


def portal_claims() -> dict | None:
    """The decoded access cookie of the signed-in portal user, or None."""
    portal_identity()
    return request.environ.get("viva.portal_claims")


def _auth_failure(message: str):
    """Answer an auth failure: the JSON envelope, or the login page for browsers."""
    if wants_json():
        return error_response(AuthError(message))
    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        target = request.referrer or url_for("dashboard.home")
    flash("Please log in to continue.", "info")
    response = redirect(url_for("auth.login_page", next=target))
    unset_jwt_cookies(response)
    return response


def register_jwt_callbacks(app: Flask) -> None:
    """Wire flask-jwt-extended's lookups and failures into Viva's users and errors."""

    @jwt.user_lookup_loader
    def _lookup(_header, payload):
        return load_token_user(payload)

    @jwt.token_verification_loader
    def _verify_claims(_header, payload):
        return expires(payload)

    @jwt.token_in_blocklist_loader
    def _revoked(_header, payload):
        return is_revoked(payload)

    jwt.unauthorized_loader(lambda reason: _auth_failure("Authentication required."))
    jwt.invalid_token_loader(lambda reason: _auth_failure("Invalid token."))
    jwt.expired_token_loader(lambda h, p: _auth_failure("Token has expired."))
    jwt.revoked_token_loader(lambda h, p: _auth_failure("Token has been revoked."))
    jwt.user_lookup_error_loader(
        lambda h, p: _auth_failure("Token is no longer valid.")
    )
    jwt.needs_fresh_token_loader(
        lambda h, p: _auth_failure("A fresh login is required.")
    )
    jwt.token_verification_failed_loader(lambda h, p: _auth_failure("Invalid token."))

    @app.errorhandler(CSRFError)
    def _csrf_failure(exc):
        if wants_json():
            return error_response(AuthError("Missing or invalid CSRF token."))
        return error_response(
            Forbidden(
                "This form has expired or did not come from Viva. "
                "Reload the page and try again."
            )
        )

    app.before_request(refresh_portal_session)
    app.after_request(store_refreshed_cookie)

    @app.context_processor
    def _portal_context():
        user, csrf = portal_identity()
        return {"current_user": user, "csrf_token": csrf}
