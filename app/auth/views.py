"""Account pages: register, log in, log out, profile."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import (
    get_current_user,
    get_jwt,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)

from app.audit import record_event
from app.auth import bp, service
from app.auth.decorators import login_required
from app.auth.schemas import (
    LoginSchema,
    PasswordChangeSchema,
    ProfileUpdateSchema,
    RegisterSchema,
)
from app.auth.tokens import issue_tokens, revoke_login_session
from app.errors import AppError, AuthError
from app.extensions import db
from app.openapi import load_data
from app.web import form_data, request_origin, safe_next_url


def _start_portal_session(user, destination: str):
    """Redirect to destination with fresh login cookies for this user."""
    tokens = issue_tokens(user)
    response = redirect(destination)
    set_access_cookies(response, tokens["access_token"])
    set_refresh_cookies(response, tokens["refresh_token"])
    return response


def _form_errors(error: AppError) -> dict:
    return error.details or {"_form": [error.message]}


@bp.route("/register", methods=["GET", "POST"])
def register_page():
    values, errors = {}, {}
    if request.method == "POST":
        values = form_data()
        try:
            user = service.register_user(**load_data(RegisterSchema, values))
            record_event("user.registered", actor=user, target=user, **request_origin())
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = _form_errors(error)
        else:
            flash(f"Welcome to Viva, {user.full_name}!", "success")
            return _start_portal_session(user, url_for("products.index"))
    values.pop("password", None)
    return render_template(
        "auth/register.html", values=values, errors=errors
    ), 422 if errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login_page():
    values, errors = {"next": request.args.get("next", "")}, {}
    if request.method == "POST":
        values = form_data()
        try:
            data = load_data(
                LoginSchema, {k: values.get(k, "") for k in ("email", "password")}
            )
            user = service.authenticate(data["email"], data["password"])
        except AuthError as error:
            record_event(
                "auth.login_failed",
                details={"email": values.get("email", "")[:254]},
                **request_origin(),
            )
            db.session.commit()
            errors = {"_form": [error.message]}
        except AppError as error:
            errors = _form_errors(error)
        else:
            record_event("auth.login", actor=user, target=user, **request_origin())
            db.session.commit()
            destination = safe_next_url(values.get("next"), url_for("products.index"))
            return _start_portal_session(user, destination)
    values.pop("password", None)
    return render_template("auth/login.html", values=values, errors=errors), (
        401 if "_form" in errors else 422 if errors else 200
    )


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


@bp.get("/profile")
@login_required
def profile():
    user = get_current_user()
    return render_template(
        "auth/profile.html",
        values={"full_name": user.full_name, "username": user.username},
        errors={},
        password_errors={},
    )


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
        return render_template(
            "auth/profile.html",
            values=values,
            errors=_form_errors(error),
            password_errors={},
        ), 422
    flash("Your profile has been saved.", "success")
    return redirect(url_for("auth.profile"))


@bp.post("/profile/password")
@login_required
def change_password():
    user = get_current_user()
    try:
        service.change_password(user, **load_data(PasswordChangeSchema, form_data()))
        record_event(
            "user.password_changed", actor=user, target=user, **request_origin()
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        values = {"full_name": user.full_name, "username": user.username}
        return render_template(
            "auth/profile.html",
            values=values,
            errors={},
            password_errors=_form_errors(error),
        ), 422
    flash(
        "Your password has been changed. Other sessions have been signed out.",
        "success",
    )
    return _start_portal_session(user, url_for("auth.profile"))
