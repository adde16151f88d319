"""JSON API for emailed account links: verify an email address, resend the link, and
forgot / reset a password."""

from flask import current_app
from flask_jwt_extended import get_current_user

from app import ratelimits, tasks
from app.auth import bp, recovery
from app.auth.decorators import login_required
from app.auth.schemas import (
    ForgotPasswordSchema,
    ResetPasswordSchema,
    TokenBodySchema,
    UserSchema,
)
from app.extensions import db
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ratelimits import limit_by_address
from app.schemas import MessageSchema
from app.web import request_origin

TAGS = ["auth"]


@bp.post(f"{API}/auth/verify-email")
@operation(
    "Confirm an email address with the emailed link's token",
    tags=TAGS,
    body=TokenBodySchema,
    responses={200: UserSchema},
    errors=(410,),
    description="The token is the last part of the emailed /verify-email/<token> "
    "link. It works once; an unknown, used or expired token answers 410.",
)
def api_verify_email(body):
    user = recovery.verify_email(body["token"], origin=request_origin())
    db.session.commit()
    return user


@bp.post(f"{API}/auth/verify-email/resend")
@login_required
@operation(
    "Email a new link to confirm your address",
    tags=TAGS,
    responses={202: MessageSchema},
    errors=(409, 429),
    description="Earlier links stop working. At most one link per cooldown "
    "(VERIFICATION_RESEND_COOLDOWN_SECONDS) and a few per hour (429 with Retry-After); "
    "409 when the address is already confirmed.",
)
def api_resend_verification():
    user = get_current_user()
    ratelimits.hit("RATELIMIT_VERIFY_RESEND", "user", user.id)
    token = recovery.resend_email_verification(user)
    db.session.commit()
    tasks.email_account_link(recovery.VERIFY, user.id, token)
    return {"message": f"A new link is on its way to {user.email}."}, 202


@bp.post(f"{API}/auth/password/forgot")
@limit_by_address("RATELIMIT_PASSWORD_RESET", "password-forgot")
@operation(
    "Ask for a password reset link",
    tags=TAGS,
    body=ForgotPasswordSchema,
    responses={202: MessageSchema},
    errors=(429,),
    description="Always answers 202 with the same message, whether or not an account "
    "has this email. If one does, a single-use link (valid PASSWORD_RESET_MINUTES) is "
    "emailed to it.",
)
def api_forgot_password(body):
    email = body["email"]
    ratelimits.hit("RATELIMIT_PASSWORD_RESET", "email", email.strip().lower())
    issued = recovery.request_password_reset(email, origin=request_origin())
    db.session.commit()
    if issued is not None:
        user, token = issued
        tasks.email_account_link(recovery.RESET, user.id, token)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    return {
        "message": "If an account exists for this email, a link to reset its "
        f"password is on its way. It works once, for {minutes} minutes."
    }, 202


@bp.post(f"{API}/auth/password/reset")
@limit_by_address("RATELIMIT_PASSWORD_RESET", "password-reset")
@operation(
    "Set a new password with the emailed link's token",
    tags=TAGS,
    body=ResetPasswordSchema,
    responses={200: MessageSchema},
    errors=(410, 429),
    description="The token is the last part of the emailed /reset-password/<token> "
    "link; it works once. Every token of the account stops working: log in again.",
)
def api_reset_password(body):
    user = recovery.reset_password(
        body["token"], body["new_password"], origin=request_origin()
    )
    ratelimits.clear_login_failures(user.email)
    db.session.commit()
    return {"message": "Your password has been reset. Log in with it."}
