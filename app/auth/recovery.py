"""Email verification and password reset: the rules and the emails they send.

Services flush and never commit; after the edge commits, it hands the plaintext link to
app.tasks.email_account_link(), whose job (the token sealed in the queue, never stored)
calls send_account_email().
`origin` (ip_address, user_agent) only feeds audit events.
"""

import logging
from datetime import datetime, timedelta

from flask import current_app

from app.audit import record_event
from app.auth import account_tokens
from app.auth.service import find_user_by_email, set_password
from app.errors import Conflict, RateLimited
from app.extensions import db
from app.mail import MailError, send_email
from app.models import User, utcnow

log = logging.getLogger("viva.auth.recovery")

VERIFY = "verify_email"
RESET = "reset_password"
SUBJECTS = {
    VERIFY: "Confirm your email address for {app}",
    RESET: "Reset your {app} password",
}
TEMPLATES = {VERIFY: "mail/verify_email", RESET: "mail/password_reset"}
PATHS = {VERIFY: "/verify-email/", RESET: "/reset-password/"}


def account_link(purpose: str, token: str) -> str:
    """The emailed link: {PUBLIC_BASE_URL}/verify-email/<token> or /reset-password/."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}{PATHS[purpose]}{token}"


def _lifetime(purpose: str) -> timedelta:
    config = current_app.config
    if purpose == VERIFY:
        return timedelta(hours=config["EMAIL_VERIFICATION_HOURS"])
    return timedelta(minutes=config["PASSWORD_RESET_MINUTES"])


def start_email_verification(user: User, *, now: datetime | None = None) -> str:
    """Issue a verification link for the user's current address; returns its token."""
    return account_tokens.issue_account_token(user, VERIFY, _lifetime(VERIFY), now=now)


def resend_email_verification(user: User, *, now: datetime | None = None) -> str:
    """A new verification link, at most one per cooldown; Conflict when verified."""
    now = now or utcnow()
    if user.email_verified_at is not None:
        raise Conflict("Your email address is already verified.")
    cooldown = current_app.config["VERIFICATION_RESEND_COOLDOWN_SECONDS"]
    latest = account_tokens.latest_account_token(user, VERIFY)
    if latest is not None:
        ready_at = latest.created_at + timedelta(seconds=cooldown)
        wait = int((ready_at - now).total_seconds())
        if wait > 0:
            raise RateLimited(
                f"We sent a link moments ago. You can ask for another in {wait} "
                "seconds.",
                retry_after=wait,
            )
    return start_email_verification(user, now=now)


def verify_email(token: str, *, origin: dict | None = None, now=None) -> User:
    """Mark the address a verification link was sent to as verified (once)."""
    now = now or utcnow()
    user = account_tokens.spend_account_token(token, VERIFY, now=now)
    if user.email_verified_at is None:
        user.email_verified_at = now
        record_event("user.email_verified", actor=user, target=user, **(origin or {}))
    db.session.flush()
    return user


def request_password_reset(email: str, *, origin: dict | None = None, now=None):
    """Issue a reset link when an active account has this email: (user, token), or
    None. The caller answers the same either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return None
    token = account_tokens.issue_account_token(user, RESET, _lifetime(RESET), now=now)
    record_event("user.password_reset_requested", target=user, **(origin or {}))
    return user, token


def reset_password(
    token: str, new_password: str, *, origin: dict | None = None, now=None
) -> User:
    """Set a new password from a reset link; every session of the user ends."""
    now = now or utcnow()
    user = account_tokens.spend_account_token(token, RESET, now=now)
    set_password(user, new_password)
    account_tokens.discard_account_tokens(user, RESET)
    # The link reached this address, which proves the user controls it.
    if user.email_verified_at is None:
        user.email_verified_at = now
    record_event("user.password_reset", actor=user, target=user, **(origin or {}))
    db.session.flush()
    return user


def render_account_email(purpose: str, user: User, token: str) -> tuple[str, str, str]:
    """(subject, text, html) of a verification or reset email."""
    config = current_app.config
    context = {
        "name": user.full_name,
        "email": user.email,
        "link": account_link(purpose, token),
        "app_name": config["APP_NAME"],
        "hours": config["EMAIL_VERIFICATION_HOURS"],
        "minutes": config["PASSWORD_RESET_MINUTES"],
    }
    env = current_app.jinja_env
    name = TEMPLATES[purpose]
    return (
        SUBJECTS[purpose].format(app=config["APP_NAME"]),
        env.get_template(f"{name}.txt").render(context),
        env.get_template(f"{name}.html").render(context),
    )


def send_account_email(purpose: str, user_id: int, token: str) -> bool:
    """Email one verification or reset link (a job's work); False when it failed."""
    user = db.session.get(User, user_id)
    if user is None:
        return False
    subject, text, html = render_account_email(purpose, user, token)
    try:
        send_email(user.email, subject, text, html, to_name=user.full_name)
    except MailError as error:
        # The user can ask again; the link itself is never logged.
        log.warning("Account email (%s) to user %s failed: %s", purpose, user_id, error)
        return False
    return True
