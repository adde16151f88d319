"""Single-use emailed links for accounts: issue, look up and spend.

A link token is 32 random bytes in URL-safe base64; only its SHA-256 is stored, with the
address it was sent to, its purpose and expiry. Issuing a new link for a purpose
replaces the user's earlier ones; spending one is a conditional UPDATE, so a link works
once even when two requests race.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, update

from app.errors import Gone
from app.extensions import db
from app.link_tokens import MAX_TOKEN_LENGTH, hash_token, new_link_token
from app.models import AccountToken, User, utcnow

INVALID_LINK = "This link is invalid, has expired or has already been used."


def issue_account_token(
    user: User, purpose: str, lifetime: timedelta, *, now: datetime | None = None
) -> str:
    """A new link token for user and purpose; the user's earlier ones stop working."""
    now = now or utcnow()
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id, AccountToken.purpose == purpose
        )
    )
    token, token_hash = new_link_token()
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash,
            email=user.email,
            expires_at=now + lifetime,
            created_at=now,
        )
    )
    db.session.flush()
    return token


def find_account_token(
    token: str | None, purpose: str, *, now: datetime | None = None
) -> AccountToken | None:
    """The unspent, unexpired link for this token, or None.

    A link sent to an address the account no longer has, or belonging to a deactivated
    account, does not count either.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = AccountToken.query.filter_by(
        token_hash=hash_token(token), purpose=purpose
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= (now or utcnow()):
        return None
    if row.email != row.user.email or not row.user.is_active:
        return None
    return row


def spend_account_token(
    token: str | None, purpose: str, *, now: datetime | None = None
) -> User:
    """Use a link once and return its user; Gone when it is unknown, used or expired."""
    now = now or utcnow()
    row = find_account_token(token, purpose, now=now)
    if row is None:
        raise Gone(INVALID_LINK)
    spent = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise Gone(INVALID_LINK)
    db.session.refresh(row)
    return row.user


def latest_account_token(user: User, purpose: str) -> AccountToken | None:
    """The user's most recently issued link for purpose, spent or not."""
    return (
        AccountToken.query.filter_by(user_id=user.id, purpose=purpose)
        .order_by(AccountToken.created_at.desc(), AccountToken.id.desc())
        .first()
    )


def discard_account_tokens(user: User, purpose: str) -> None:
    """Make every link of this user and purpose stop working."""
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id, AccountToken.purpose == purpose
        )
    )
