"""The portal's cookie session: who is signed in, implicit token refresh, auth failures.

Pages use the same JWTs as the API, kept in HttpOnly cookies. Access tokens are
short-lived; before each request an access token that is missing, expired or close to
expiry is replaced from the refresh cookie, keeping the login session's CSRF value so
open forms stay valid.
"""

from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, flash, g, redirect, request, url_for
from flask_jwt_extended import (
    decode_token,
    set_access_cookies,
    unset_jwt_cookies,
)
from flask_jwt_extended.exceptions import CSRFError
from werkzeug.datastructures import ImmutableMultiDict

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


def _needs_refresh(access_payload: dict | None) -> bool:
    if access_payload is None:
        return True
    expires = datetime.fromtimestamp(access_payload["exp"], UTC)
    return expires - datetime.now(UTC) < REFRESH_MARGIN


def refresh_portal_session() -> None:
    """Mint an access cookie from a valid refresh cookie when the old one is stale."""
    if request.headers.get("Authorization") or request.path.startswith("/static/"):
        return
    config = current_app.config
    refresh_cookie = request.cookies.get(config["JWT_REFRESH_COOKIE_NAME"])
    if not refresh_cookie:
        return
    access = _decode(
        request.cookies.get(config["JWT_ACCESS_COOKIE_NAME"]), allow_expired=True
    )
    if not _needs_refresh(access):
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
        token = request.cookies.get(current_app.config["JWT_ACCESS_COOKIE_NAME"])
        payload = _decode(token)
        user = None
        if (
            payload is not None
            and payload.get("type") == "access"
            and not is_revoked(payload)
        ):
            user = load_token_user(payload)
        cached = (user, payload.get("csrf") if user else None)
        request.environ["viva.portal_identity"] = cached
        request.environ["viva.portal_claims"] = payload if user else None
    return cached


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
        target = request.referrer or url_for("products.index")
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
