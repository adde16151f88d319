"""Account pages reached from emailed links: confirm an email address, forgot and reset
a password, and asking for a new verification link."""

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_jwt_extended import get_current_user, unset_jwt_cookies

from app import ratelimits, tasks
from app.auth import bp, recovery
from app.auth.account_tokens import find_account_token
from app.auth.decorators import login_required
from app.auth.portal import portal_identity
from app.auth.schemas import ForgotPasswordSchema, ResetFormSchema
from app.errors import AppError, Gone, RateLimited
from app.extensions import db
from app.openapi import load_data
from app.ratelimits import limit_by_address
from app.web import form_data, request_origin, safe_next_url

# Pages whose URL holds a link token: never send it on, never keep it.
LINK_PAGE_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _link_page(template: str, status: int = 200, **context):
    response = make_response(render_template(template, **context), status)
    response.headers.update(LINK_PAGE_HEADERS)
    return response


def _invalid_link(kind: str):
    return _link_page("auth/link_invalid.html", 410, kind=kind)


@bp.get("/verify-email/<token>")
def verify_email_page(token):
    """Confirm the address a verification link was sent to."""
    try:
        user = recovery.verify_email(token, origin=request_origin())
        db.session.commit()
    except Gone:
        db.session.rollback()
        return _invalid_link("verify")
    flash(
        f"Thank you: {user.email} is confirmed. You can now invite candidates.",
        "success",
    )
    signed_in, _csrf = portal_identity()
    destination = url_for("products.index" if signed_in else "auth.login_page")
    return redirect(destination)


@bp.post("/verify-email/resend")
@login_required
def resend_verification():
    """Email a new verification link (one per cooldown, a few per hour)."""
    user = get_current_user()
    try:
        ratelimits.hit("RATELIMIT_VERIFY_RESEND", "user", user.id)
        token = recovery.resend_email_verification(user)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error" if isinstance(error, RateLimited) else "info")
    else:
        tasks.email_account_link(recovery.VERIFY, user.id, token)
        hours = current_app.config["EMAIL_VERIFICATION_HOURS"]
        flash(
            f"We sent a new link to {user.email}. It works once, for {hours} hours.",
            "success",
        )
    return redirect(safe_next_url(request.form.get("next"), url_for("auth.profile")))


def _request_reset(email: str) -> None:
    ratelimits.hit("RATELIMIT_PASSWORD_RESET", "email", email.strip().lower())
    issued = recovery.request_password_reset(email, origin=request_origin())
    db.session.commit()
    if issued is not None:
        user, token = issued
        tasks.email_account_link(recovery.RESET, user.id, token)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limit_by_address("RATELIMIT_PASSWORD_RESET", "password-forgot")
def forgot_password_page():
    """Ask for a reset link; the answer is the same whether or not the email exists."""
    values, errors, sent_to, status, headers = {}, {}, None, 200, {}
    if request.method == "POST":
        values = form_data()
        try:
            email = load_data(ForgotPasswordSchema, {"email": values.get("email", "")})
            _request_reset(email["email"])
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
            status, headers = error.status, error.headers
        else:
            sent_to = email["email"]
    page = render_template(
        "auth/forgot_password.html",
        values=values,
        errors=errors,
        sent_to=sent_to,
        minutes=current_app.config["PASSWORD_RESET_MINUTES"],
    )
    return page, status, headers


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limit_by_address("RATELIMIT_PASSWORD_RESET", "password-reset")
def reset_password_page(token):
    """Choose a new password from an emailed link; every session of the user ends."""
    if find_account_token(token, recovery.RESET) is None:
        return _invalid_link("reset")
    errors = {}
    if request.method == "POST":
        try:
            data = load_data(
                ResetFormSchema, {"new_password": request.form.get("new_password", "")}
            )
            user = recovery.reset_password(
                token, data["new_password"], origin=request_origin()
            )
            ratelimits.clear_login_failures(user.email)
            db.session.commit()
        except Gone:
            db.session.rollback()
            return _invalid_link("reset")
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
        else:
            flash(
                "Your password has been reset and every session of your account has "
                "been signed out. Log in with your new password.",
                "success",
            )
            response = redirect(url_for("auth.login_page"))
            unset_jwt_cookies(response)
            return response
    return _link_page("auth/reset_password.html", 422 if errors else 200, errors=errors)
