"""Account pages: register, log in, log out, profile."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_jwt_extended import (
    get_current_user,
    get_jwt,
    unset_jwt_cookies,
    verify_jwt_in_request,
)

from app import tasks
from app.audit import record_event
from app.auth import bp, recovery, service
from app.auth.decorators import login_required, member_required
from app.auth.google import google_enabled
from app.auth.schemas import (
    LoginSchema,
    PasswordChangeSchema,
    ProfileUpdateSchema,
    RegisterSchema,
)
from app.auth.signin import (
    home_url,
    password_sign_in,
    registered,
    start_portal_session,
)
from app.auth.tokens import revoke_login_session
from app.errors import AppError, AuthError, RateLimited
from app.extensions import db
from app.models import NOTIFICATION_KINDS
from app.notifications import settings as notification_settings
from app.notifications.schemas import NotificationSettingsInSchema
from app.openapi import load_data
from app.ratelimits import limit_by_address
from app.web import form_data, request_origin, safe_next_url


def _form_errors(error: AppError) -> dict:
    return error.details or {"_form": [error.message]}


@bp.route("/register", methods=["GET", "POST"])
@limit_by_address("RATELIMIT_REGISTER", "register")
def register_page():
    values, errors = {}, {}
    if request.method == "POST":
        values = form_data()
        try:
            user = service.register_user(**load_data(RegisterSchema, values))
            token = registered(user)
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = _form_errors(error)
        else:
            tasks.email_account_link(recovery.VERIFY, user.id, token)
            flash(
                f"Welcome to Viva, {user.full_name}! We sent a link to {user.email}: "
                "open it to confirm your address before you invite candidates.",
                "success",
            )
            return start_portal_session(user, url_for("dashboard.home"))
    values.pop("password", None)
    return render_template(
        "auth/register.html", values=values, errors=errors, google=google_enabled()
    ), 422 if errors else 200


def _login_status(errors: dict) -> int:
    return 401 if "_form" in errors else 422 if errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login_page():
    values, errors, headers = {"next": request.args.get("next", "")}, {}, {}
    if request.method == "POST":
        values = form_data()
        try:
            data = load_data(
                LoginSchema, {k: values.get(k, "") for k in ("email", "password")}
            )
            user = password_sign_in(data["email"], data["password"])
        except (AuthError, RateLimited) as error:
            errors, headers = {"_form": [error.message]}, error.headers
        except AppError as error:
            errors = _form_errors(error)
        else:
            db.session.commit()
            destination = safe_next_url(values.get("next"), home_url(user))
            return start_portal_session(user, destination)
    values.pop("password", None)
    status = 429 if headers.get("Retry-After") else _login_status(errors)
    page = render_template(
        "auth/login.html", values=values, errors=errors, google=google_enabled()
    )
    return page, status, headers


@bp.post("/logout")
def logout():
    """End the login session: its tokens are revoked and the cookies cleared."""
    verify_jwt_in_request(optional=True)
    payload = get_jwt()
    if payload:
        revoke_login_session(payload)
        record_event("auth.logout", actor=get_current_user(), **request_origin())
        db.session.commit()
    flash("You have been logged out.", "info")
    response = redirect(url_for("main.landing"))
    unset_jwt_cookies(response)
    return response


def _render_profile(
    user,
    *,
    values=None,
    errors=None,
    password_errors=None,
    notify_values=None,
    notify_errors=None,
):
    return render_template(
        "auth/profile.html",
        values=values or {"full_name": user.full_name, "username": user.username},
        errors=errors or {},
        password_errors=password_errors or {},
        google=google_enabled(),
        resend_cooldown=current_app.config["VERIFICATION_RESEND_COOLDOWN_SECONDS"],
        notify=notify_values or notification_settings.get_settings(user),
        notify_errors=notify_errors or {},
        digest_hour=current_app.config["NOTIFY_DIGEST_HOUR"],
    )


@bp.get("/profile")
@login_required
def profile():
    return _render_profile(get_current_user())


@bp.post("/profile")
@login_required
def update_profile():
    user = get_current_user()
    values = form_data()
    try:
        service.update_profile(user, **load_data(ProfileUpdateSchema, values))
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _render_profile(user, values=values, errors=_form_errors(error)), 422
    flash("Your profile has been saved.", "success")
    return redirect(url_for("auth.profile"))


def _notification_form() -> dict:
    values = form_data()
    count = values.get("threshold_count", "").strip()
    return {
        **{kind: values.get(kind, "") for kind in NOTIFICATION_KINDS},
        "threshold_count": int(count) if count.isdigit() else count,
        "as_viewer": values.get("as_viewer") == "1",
    }


@bp.post("/profile/notifications")
@member_required
def update_notifications():
    user = get_current_user()
    values = _notification_form()
    try:
        data = load_data(NotificationSettingsInSchema, values)
        notification_settings.update_settings(user, **data)
        record_event(
            "user.notifications_changed", actor=user, target=user, **request_origin()
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        page = _render_profile(
            user, notify_values=values, notify_errors=_form_errors(error)
        )
        return page, 422
    flash("Your notification choices have been saved.", "success")
    return redirect(url_for("auth.profile", _anchor="notifications"))


@bp.post("/profile/password")
@login_required
def change_password():
    user = get_current_user()
    had_password = user.password_hash is not None
    try:
        service.change_password(user, **load_data(PasswordChangeSchema, form_data()))
        record_event(
            "user.password_changed" if had_password else "user.password_set",
            actor=user,
            target=user,
            **request_origin(),
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _render_profile(user, password_errors=_form_errors(error)), 422
    flash(
        "Your password has been changed. Other sessions have been signed out."
        if had_password
        else "Your password is set: you can now also log in with your email.",
        "success",
    )
    return start_portal_session(user, url_for("auth.profile"))
