"""Admin rules for creating and editing accounts of any role.

A created account has no password: the user gets an emailed link to set one (the
password reset flow), and opening it confirms their address.
"""

from app.admin.service import (
    change_role,
    deactivate_user,
    reactivate_user,
)
from app.audit import record_event
from app.auth import recovery
from app.auth.service import ensure_unique, normalise_email
from app.extensions import db
from app.models import User


def create_user(
    actor: User,
    *,
    email: str,
    username: str,
    full_name: str,
    role: str,
    origin: dict | None = None,
) -> tuple[User, str]:
    """Create an account of any role; returns it with its set-password link token."""
    ensure_unique(email, username)
    user = User(
        email=normalise_email(email),
        username=username,
        full_name=full_name,
        role=role,
        password_hash=None,
    )
    db.session.add(user)
    db.session.flush()
    record_event(
        "user.created",
        actor=actor,
        target=user,
        details={"email": user.email, "role": role},
        **(origin or {}),
    )
    return user, recovery.start_welcome(user)


def edit_user(
    actor: User, user: User, *, origin: dict | None = None, **changes
) -> User:
    """Change a user's email, username, full name, role and/or active state.

    A changed email is no longer confirmed (the admin cannot vouch for it); role and
    active state follow the same protections as their own actions.
    """
    email = changes.get("email")
    if email is not None and normalise_email(email) == user.email:
        email = None
    username = changes.get("username")
    if username is not None and username == user.username:
        username = None
    ensure_unique(email, username, exclude=user)
    before = {"email": user.email, "username": user.username}
    if email is not None:
        user.email = normalise_email(email)
        user.email_verified_at = None
    if username is not None:
        user.username = username
    if changes.get("full_name") is not None:
        user.full_name = changes["full_name"]
    if email is not None or username is not None:
        record_event(
            "user.edited",
            actor=actor,
            target=user,
            details={
                "from": before,
                "to": {"email": user.email, "username": user.username},
            },
            **(origin or {}),
        )
    if changes.get("role") is not None:
        change_role(actor, user, changes["role"], origin=origin)
    if changes.get("is_active") is False:
        deactivate_user(actor, user, origin=origin)
    elif changes.get("is_active") is True:
        reactivate_user(actor, user, origin=origin)
    db.session.flush()
    return user
