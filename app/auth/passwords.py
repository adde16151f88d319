"""Password hashing with Argon2id."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_STANDARD = PasswordHasher()
# Tests log in hundreds of times; a cheap cost keeps them fast. Never used outside
# testing.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
# Verified against when the email is unknown, so both failures take the same time.
_DUMMY_HASHES = {id(_STANDARD): _STANDARD.hash("not-a-real-password")}


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("PASSWORD_HASH_FAST") else _STANDARD


def _dummy_hash() -> str:
    """A hash of the active cost: an unknown email costs what a wrong password does."""
    hasher = _hasher()
    if id(hasher) not in _DUMMY_HASHES:
        _DUMMY_HASHES[id(hasher)] = hasher.hash("not-a-real-password")
    return _DUMMY_HASHES[id(hasher)]


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash; an account without one never matches."""
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False
