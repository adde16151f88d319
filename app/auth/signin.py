"""Signing in, shared by the pages and the API: the password throttle, audit events,
and the portal's login cookies."""

from flask import redirect, url_for
from flask_jwt_extended import set_access_cookies, set_refresh_cookies

from app import ratelimits
from app.audit import record_event
from app.auth import recovery, service
from app.auth.tokens import issue_tokens
from app.errors import AuthError, RateLimited
from app.extensions import db
from app.models import User
from app.web import request_origin


def _record_failure(email: str, reason: str, method: str = "password") -> None:
    """Audit a failed sign-in now: the error that follows rolls the request back."""
    record_event(
        "auth.login_failed",
        details={"email": email[:254], "method": method, "reason": reason},
        **request_origin(),
    )
    db.session.commit()


def password_sign_in(email: str, password: str) -> User:
    """The user these credentials belong to, unless the throttle or the check refuses.

    Raises RateLimited while the account or the address has failed too often (even
    with the right password) and AuthError for wrong or deactivated credentials; both
    are audited. The caller issues tokens and commits.
    """
    try:
        ratelimits.check_login_allowed(email)
    except RateLimited:
        _record_failure(email, "throttled")
        raise
    try:
        user = service.authenticate(email, password)
    except AuthError:
        ratelimits.record_login_failure(email)
        _record_failure(email, "invalid_credentials")
        raise
    record_event(
        "auth.login",
        actor=user,
        target=user,
        details={"method": "password"},
        **request_origin(),
    )
    return user


def record_sign_in_failure(reason: str, *, email: str = "", method: str) -> None:
    """Audit a failed sign-in of another method (Google) and commit it."""
    _record_failure(email, reason, method)


def registered(user: User) -> str:
    """After registration: audit it and issue the verification link (returned)."""
    record_event("user.registered", actor=user, target=user, **request_origin())
    return recovery.start_email_verification(user)


def start_portal_session(user: User, destination: str):
    """Redirect to destination with fresh login cookies for this user."""
    tokens = issue_tokens(user)
    response = redirect(destination)
    set_access_cookies(response, tokens["access_token"])
    set_refresh_cookies(response, tokens["refresh_token"])
    return response


def home_url(user: User) -> str:
    """Where a user lands after signing in: practice for candidates, else the portal."""
    if user.role == "candidate":
        return url_for("practice.home")
    return url_for("dashboard.home")
