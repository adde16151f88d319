"""Account rules: registration, sign-in, profile and password changes.

Services take the acting user as an argument, flush but never commit, and never touch
the request, so pages, the API, the CLI and tests share them.
"""

from sqlalchemy import func

from app.auth.passwords import hash_password, verify_password
from app.errors import AuthError, Conflict, Forbidden, ValidationError
from app.extensions import db
from app.models import User, utcnow
from app.upsert import insert_unless_taken

INVALID_LOGIN = "Invalid email or password."
UNVERIFIED_SENDER = (
    "Confirm your email address before you invite candidates: open the link we "
    "emailed you, or ask for a new one from your profile."
)


def normalise_email(email: str) -> str:
    """Emails are compared and stored lower-cased and trimmed."""
    return email.strip().lower()


def _find_by_username(username: str) -> User | None:
    return User.query.filter(func.lower(User.username) == username.lower()).first()


def find_user_by_email(email: str) -> User | None:
    """The user with this email, if any."""
    return User.query.filter_by(email=normalise_email(email)).first()


def _check_unique(email: str | None, username: str | None, exclude: User | None = None):
    clashes = {}
    if email is not None:
        other = find_user_by_email(email)
        if other is not None and other is not exclude:
            clashes["email"] = ["An account with this email already exists."]
    if username is not None:
        other = _find_by_username(username)
        if other is not None and other is not exclude:
            clashes["username"] = ["This username is taken."]
    if clashes:
        which = " and ".join(sorted(clashes))
        raise Conflict(f"That {which} is already in use.", details=clashes)


def register_user(
    *, email: str, username: str, password: str, full_name: str, role: str = "recruiter"
) -> User:
    """Create an account; duplicate email or username raise Conflict naming which."""
    _check_unique(email, username)
    user = insert_unless_taken(
        User,
        {
            "email": normalise_email(email),
            "username": username,
            "full_name": full_name,
            "password_hash": hash_password(password),
            "role": role,
        },
    )
    if user is None:  # the same email or username registered a moment ago
        _check_unique(email, username)
        raise Conflict("That email or username is already in use.")
    return user


def authenticate(email: str, password: str) -> User:
    """The active user with these credentials; a wrong email and password look alike."""
    user = find_user_by_email(email)
    if (
        not verify_password(user.password_hash if user else None, password)
        or user is None
    ):
        raise AuthError(INVALID_LOGIN)
    if not user.is_active:
        raise AuthError("This account is deactivated. Contact your administrator.")
    user.last_login_at = utcnow()
    return user


def update_profile(
    user: User, *, full_name: str | None = None, username: str | None = None
) -> User:
    """Change a user's display name and/or username."""
    if username is not None and username != user.username:
        _check_unique(None, username, exclude=user)
        user.username = username
    if full_name is not None:
        user.full_name = full_name
    db.session.flush()
    return user


def change_password(user: User, *, current_password: str, new_password: str) -> User:
    """Replace a password after checking the current one; ends every other session."""
    if user.password_hash is not None and not verify_password(
        user.password_hash, current_password
    ):
        raise ValidationError(
            "Your current password is not correct.",
            details={"current_password": ["Your current password is not correct."]},
        )
    set_password(user, new_password)
    return user


def set_password(user: User, new_password: str) -> None:
    """Store a new password hash and invalidate every token issued before it."""
    user.password_hash = hash_password(new_password)
    user.token_version += 1
    db.session.flush()


def create_admin(*, email: str, username: str, password: str, full_name: str) -> User:
    """Create an admin account, or promote the existing account with this email."""
    user = find_user_by_email(email)
    if user is None:
        user = register_user(
            email=email,
            username=username,
            password=password,
            full_name=full_name,
            role="admin",
        )
    else:
        user.role = "admin"
        set_password(user, password)
    # The operator who runs the command vouches for the address.
    user.email_verified_at = user.email_verified_at or utcnow()
    return user


def ensure_verified_sender(user: User | None) -> None:
    """Raise Forbidden unless the user's email address is confirmed (needed to email
    candidates); None stands for the system itself."""
    if user is not None and user.email_verified_at is None:
        raise Forbidden(UNVERIFIED_SENDER)
