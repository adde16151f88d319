"""JSON API for accounts: register, login, refresh, logout, me, profile, password."""

from flask import current_app
from flask_jwt_extended import get_current_user, get_jwt

from app import tasks
from app.audit import record_event
from app.auth import bp, recovery, service
from app.auth.decorators import login_required, member_required, role_required
from app.auth.schemas import (
    AccessTokenSchema,
    LoginSchema,
    PasswordChangeSchema,
    ProfileUpdateSchema,
    RegisterSchema,
    TokenSchema,
    UserSchema,
)
from app.auth.signin import password_sign_in, registered
from app.auth.tokens import issue_tokens, revoke, revoke_login_session
from app.errors import AuthError
from app.extensions import db
from app.models import utcnow
from app.notifications import settings as notification_settings
from app.notifications.schemas import (
    NotificationSettingsInSchema,
    NotificationSettingsSchema,
)
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ratelimits import limit_by_address
from app.web import request_origin


@bp.post(f"{API}/auth/register")
@limit_by_address("RATELIMIT_REGISTER", "register")
@operation(
    "Create a recruiter account",
    tags=["auth"],
    body=RegisterSchema,
    responses={201: UserSchema},
    errors=(409, 429),
    description="Public registration always creates a recruiter. A link to confirm "
    "the email address is emailed; until it is opened the account cannot invite "
    "candidates.",
)
def api_register(body):
    user = service.register_user(**body)
    token = registered(user)
    db.session.commit()
    tasks.email_account_link(recovery.VERIFY, user.id, token)
    return user, 201


@bp.post(f"{API}/auth/login")
@operation(
    "Log in with email and password",
    tags=["auth"],
    body=LoginSchema,
    responses={200: TokenSchema},
    errors=(401, 429),
    description="Returns a short-lived access token and a refresh token for the "
    "Authorization header. Repeated failures for one account, or from one address, "
    "answer 429 with Retry-After for a while (even with the right password); a "
    "password reset lifts an account's lock.",
)
def api_login(body):
    user = password_sign_in(body["email"], body["password"])
    tokens = issue_tokens(user)
    db.session.commit()
    return {**tokens, "user": user}


@bp.post(f"{API}/auth/refresh")
@role_required(refresh=True)
@operation(
    "Exchange a refresh token for new tokens",
    tags=["auth"],
    responses={200: AccessTokenSchema},
    description="Send the refresh token as `Authorization: Bearer <refresh_token>`. "
    "The refresh token is rotated: the old one stops working.",
)
def api_refresh():
    payload = get_jwt()
    user = get_current_user()
    rotated = revoke(
        payload["jti"],
        user_id=user.id,
        expires_at=utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"],
    )
    if not rotated:  # a concurrent refresh with this token got there first
        raise AuthError("Token has been revoked.")
    tokens = issue_tokens(user, sid=payload.get("sid"), csrf=payload.get("csrf"))
    db.session.commit()
    return tokens


@bp.post(f"{API}/auth/logout")
@login_required
@operation(
    "Log out: every token of this login session stops working",
    tags=["auth"],
    responses={204: None},
)
def api_logout():
    revoke_login_session(get_jwt())
    record_event("auth.logout", actor=get_current_user(), **request_origin())
    db.session.commit()
    return None, 204


@bp.get(f"{API}/auth/me")
@login_required
@operation("The signed-in user", tags=["auth"], responses={200: UserSchema})
def api_me():
    return get_current_user()


@bp.get(f"{API}/users/me")
@login_required
@operation("Your profile", tags=["users"], responses={200: UserSchema})
def api_profile():
    return get_current_user()


@bp.patch(f"{API}/users/me")
@login_required
@operation(
    "Update your profile (full name, username)",
    tags=["users"],
    body=ProfileUpdateSchema,
    responses={200: UserSchema},
    errors=(409,),
)
def api_update_profile(body):
    user = service.update_profile(get_current_user(), **body)
    db.session.commit()
    return user


@bp.post(f"{API}/users/me/password")
@login_required
@operation(
    "Change (or set) your password",
    tags=["users"],
    body=PasswordChangeSchema,
    responses={200: TokenSchema},
    description="Every other login session ends. The response carries new tokens for "
    "this client. `current_password` is required when the account has a password; "
    "an account that signs in only with Google sets its first password without it.",
)
def api_change_password(body):
    user = get_current_user()
    action = "user.password_changed" if user.password_hash else "user.password_set"
    service.change_password(user, **body)
    record_event(action, actor=user, target=user, **request_origin())
    tokens = issue_tokens(user)
    db.session.commit()
    return {**tokens, "user": user}


def _notification_settings(choices: dict) -> dict:
    return {**choices, "digest_hour_utc": current_app.config["NOTIFY_DIGEST_HOUR"]}


@bp.get(f"{API}/users/me/notifications")
@member_required
@operation(
    "Your email notifications",
    tags=["users"],
    responses={200: NotificationSettingsSchema},
)
def api_notification_settings():
    user = get_current_user()
    return _notification_settings(notification_settings.get_settings(user))


@bp.put(f"{API}/users/me/notifications")
@member_required
@operation(
    "Change your email notifications",
    tags=["users"],
    body=NotificationSettingsInSchema,
    responses={200: NotificationSettingsSchema},
    description="Per event: an email at once, a line in the daily digest, or none. "
    "Fields left out keep their value.",
)
def api_update_notification_settings(body):
    user = get_current_user()
    choices = notification_settings.update_settings(user, **body)
    record_event(
        "user.notifications_changed", actor=user, target=user, **request_origin()
    )
    db.session.commit()
    return _notification_settings(choices)
