"""Rate limits on flask-limiter's counters (Redis with REDIS_URL) and one 429 answer.

Limits come from the configuration (RATELIMIT_* as "N per period", several joined by
";") and are read at request time. Public forms use flask-limiter's decorators keyed by
the client address (`limit_by_address`); limits that need the signed-in user, the
account being signed into or the interview session count through `hit()`. Every breach
answers 429 with the error envelope and a Retry-After header (an HTML page for
browsers).

Failed sign-ins are throttled per account and per client address. An account's counter
only holds failures within a moving window, so a lock lifts by itself; a password reset
clears it at once, and Google sign-in is never blocked by it, so an attacker cannot lock
a real user out for good.
"""

import hashlib
import logging
import math
import time

from flask import Flask, current_app
from flask_limiter.errors import RateLimitExceeded
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from app.errors import RateLimited, error_response
from app.extensions import limiter
from app.web import client_ip

log = logging.getLogger(__name__)
# While the shared counters (Redis) cannot be reached, this process counts on its own:
# limits still hold per process, and no request fails because Redis is away.
_LOCAL_FALLBACK = MovingWindowRateLimiter(MemoryStorage())

TOO_MANY = "Too many requests. Please wait a moment and try again."
LOGIN_LOCKED = (
    "Too many failed sign-in attempts. Try again in {wait}, or reset your password."
)


def _limits(config_name: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[config_name])


def _strategy():
    """flask-limiter's rate limiting strategy, or None when limits are switched off."""
    if not (limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True)):
        return None
    return limiter.limiter


def _counted(operation):
    """Run operation(strategy) on the shared counters, or on this process's own while
    they are unreachable; None when limits are off."""
    strategy = _strategy()
    if strategy is None:
        return None
    try:
        return operation(strategy)
    except RateLimited:
        raise
    except Exception as exc:  # the storage's own errors (redis-py raises several)
        log.warning("Rate limit counters unreachable (%s); counting locally", exc)
        return operation(_LOCAL_FALLBACK)


def _identity(*parts) -> tuple[str, ...]:
    """Counter keys without personal data: emails and addresses are hashed."""
    return tuple(hashlib.sha256(str(part).encode()).hexdigest()[:32] for part in parts)


def _wait_seconds(strategy, item: RateLimitItem, identity: tuple[str, ...]) -> int:
    reset_at = strategy.get_window_stats(item, *identity).reset_time
    return max(1, math.ceil(reset_at - time.time()))


def wait_phrase(seconds: int) -> str:
    """'45 seconds', '1 minute', '15 minutes' or '3 hours' for a user-facing message."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hours"


def retry_after(config_name: str, *key) -> int | None:
    """Seconds until one more request fits every limit of config_name for this key,
    or None when it fits now. Counts nothing."""
    identity = (config_name, *_identity(*key))

    def longest_wait(strategy):
        waits = [
            _wait_seconds(strategy, item, identity)
            for item in _limits(config_name)
            if not strategy.test(item, *identity)
        ]
        return max(waits) if waits else None

    return _counted(longest_wait)


def hit(config_name: str, *key, message: str = TOO_MANY) -> None:
    """Count one request against the limits of config_name for this key; raise
    RateLimited (429, Retry-After) when it does not fit."""
    identity = (config_name, *_identity(*key))

    def count(strategy):
        for item in _limits(config_name):
            if not strategy.hit(item, *identity):
                wait = _wait_seconds(strategy, item, identity)
                raise RateLimited(
                    message.format(wait=wait_phrase(wait)), retry_after=wait
                )

    _counted(count)


def clear(config_name: str, *key) -> None:
    """Forget the counts of config_name for this key."""
    identity = (config_name, *_identity(*key))

    def forget(strategy):
        for item in _limits(config_name):
            strategy.clear(item, *identity)

    _counted(forget)


def check_login_allowed(email: str) -> None:
    """Refuse a password sign-in while this account or this address has failed too
    often."""
    account = email.strip().lower()
    waits = [
        wait
        for wait in (
            retry_after("RATELIMIT_LOGIN_ACCOUNT", account),
            retry_after("RATELIMIT_LOGIN_ADDRESS", client_ip()),
        )
        if wait is not None
    ]
    if waits:
        wait = max(waits)
        raise RateLimited(LOGIN_LOCKED.format(wait=wait_phrase(wait)), retry_after=wait)


def record_login_failure(email: str) -> None:
    """Count a failed password sign-in against the account and the client address."""
    strategy = _strategy()
    if strategy is None:
        return
    account = email.strip().lower()
    for config_name, key in (
        ("RATELIMIT_LOGIN_ACCOUNT", account),
        ("RATELIMIT_LOGIN_ADDRESS", client_ip()),
    ):
        identity = (config_name, *_identity(key))
        for item in _limits(config_name):
            strategy.hit(item, *identity)


def clear_login_failures(email: str) -> None:
    """Lift an account's sign-in lock (after its owner reset the password)."""
    clear("RATELIMIT_LOGIN_ACCOUNT", email.strip().lower())


def answer_allowed(session_id: int) -> bool:
    """Count one candidate answer for an interview session; False when too many came
    too fast."""
    try:
        hit("RATELIMIT_ANSWERS", "session", session_id)
    except RateLimited:
        return False
    return True


def limit_by_address(config_name: str, scope: str):
    """flask-limiter decorator: config_name's limits per client address, shared by
    every route decorated with the same scope (a page and its API twin)."""
    return limiter.shared_limit(
        lambda: current_app.config[config_name],
        scope=scope,
        key_func=client_ip,
        methods=["POST"],
        error_message=TOO_MANY,
    )


def register_rate_limits(app: Flask) -> None:
    """Answer flask-limiter's breaches like every other error, with Retry-After."""

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(exc):
        current = limiter.current_limit
        wait = 60
        if current is not None:
            wait = max(1, math.ceil(current.window.reset_time - time.time()))
        error = RateLimited(TOO_MANY, retry_after=wait)
        return error_response(error, error.headers)
