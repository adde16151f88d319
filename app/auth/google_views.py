"""Google sign-in pages: start the flow, the callback, and connecting Google to (or
disconnecting it from) the signed-in account.

State, nonce and the PKCE verifier live in the session cookie (HttpOnly, SameSite=Lax:
Strict would lose them on the way back from Google). What the flow is for (sign in, or
connect to user N) is kept there too and checked against the portal login at the end.
"""

from flask import flash, redirect, request, session, url_for
from flask_jwt_extended import get_current_user
from requests import RequestException

from app.auth import bp, google
from app.auth.decorators import login_required
from app.auth.portal import portal_identity
from app.auth.signin import home_url, record_sign_in_failure, start_portal_session
from app.errors import AppError, NotFound
from app.extensions import db
from app.web import request_origin, safe_next_url

INTENT_KEY = "viva_google_intent"


def _begin(intent: dict):
    """Send the browser to Google, remembering what the flow is for."""
    if not google.google_enabled():
        raise NotFound()
    session[INTENT_KEY] = intent
    try:
        return google.google_client().authorize_redirect(google.callback_url())
    except (RequestException, ValueError, KeyError, RuntimeError):
        # The discovery document is unreachable or malformed: say so, do not 500.
        session.pop(INTENT_KEY, None)
        flash("Google sign-in is unavailable right now. Please try again.", "error")
        back = "auth.profile" if intent["mode"] == "link" else "auth.login_page"
        return redirect(url_for(back))


@bp.get("/auth/google")
def google_login():
    """Start signing in (or signing up) with Google."""
    destination = safe_next_url(request.args.get("next"), "")
    return _begin({"mode": "login", "next": destination})


@bp.get("/profile/google/link")
@login_required
def google_link():
    """Start connecting Google to the signed-in account."""
    return _begin({"mode": "link", "user_id": get_current_user().id})


@bp.get("/auth/google/callback")
def google_callback():
    """Google sends the browser back here with a code (or an error)."""
    if not google.google_enabled():
        raise NotFound()
    intent = session.pop(INTENT_KEY, None) or {"mode": "login"}
    try:
        identity = google.fetch_identity()
    except google.GoogleSignInError as error:
        record_sign_in_failure(error.reason, method="google")
        flash(error.message, "error")
        return redirect(url_for(_failure_page(intent)))
    if intent.get("mode") == "link":
        return _finish_link(intent, identity)
    return _finish_login(intent, identity)


def _failure_page(intent: dict) -> str:
    return "auth.profile" if intent.get("mode") == "link" else "auth.login_page"


def _finish_login(intent: dict, identity: google.GoogleIdentity):
    try:
        user, created = google.sign_in_with_google(identity, origin=request_origin())
    except (google.GoogleSignInError, google.GoogleEmailInUse) as error:
        db.session.rollback()
        reason = getattr(error, "reason", "email_in_use")
        record_sign_in_failure(reason, email=identity.email, method="google")
        flash(error.message, "error")
        return redirect(url_for("auth.login_page"))
    google.record_google_login(user, origin=request_origin())
    db.session.commit()
    if created:
        flash(f"Welcome to Viva, {user.full_name}!", "success")
    destination = safe_next_url(intent.get("next"), home_url(user))
    return start_portal_session(user, destination)


def _finish_link(intent: dict, identity: google.GoogleIdentity):
    user, _csrf = portal_identity()
    if user is None or user.id != intent.get("user_id"):
        record_sign_in_failure("link_without_login", method="google")
        flash("Log in again, then connect Google from your profile.", "error")
        return redirect(url_for("auth.login_page"))
    try:
        google.link_google(user, identity, origin=request_origin())
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(
            f"Google ({identity.email}) is connected: you can sign in with it.",
            "success",
        )
    return redirect(url_for("auth.profile"))


@bp.post("/profile/google/unlink")
@login_required
def google_unlink():
    """Disconnect Google from the signed-in account (it needs a password then)."""
    try:
        google.unlink_google(get_current_user(), origin=request_origin())
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash("Google is disconnected from your account.", "success")
    return redirect(url_for("auth.profile"))
