"""A recruiter's watch socket ends when their login does.

A watcher receives the session room's broadcasts without any handler of theirs
running, so checking only when they send an event would let a logged-out or
deactivated recruiter keep reading. Each process therefore re-checks the watchers
connected to it every WATCH_RECHECK_SECONDS and disconnects those whose login session
was revoked (logout), whose account was deactivated, or whose tokens were invalidated
(password change); a watcher's own events are checked as they arrive.
"""

import logging
import threading

from sqlalchemy import select

from app.auth.portal import load_token_user
from app.auth.tokens import is_revoked
from app.extensions import db, socketio
from app.models import User

log = logging.getLogger(__name__)
_WATCHERS: dict[str, dict] = {}  # socket id -> the access token's claims
_LOCK = threading.Lock()
_SWEEPER: dict[str, bool] = {}


def still_allowed(claims: dict) -> bool:
    """True while the token a watcher connected with still speaks for an active
    user whose login session has not ended."""
    return not is_revoked(claims) and load_token_user(claims) is not None


def track(app, sid: str, claims: dict, namespace: str) -> None:
    """Remember a watcher socket and make sure this process re-checks it."""
    with _LOCK:
        _WATCHERS[sid] = claims
        if _SWEEPER.get(namespace) or not app.config.get("WATCH_RECHECK_SECONDS"):
            return
        _SWEEPER[namespace] = True
    socketio.start_background_task(_recheck_forever, app, namespace)


def forget(sid: str) -> None:
    """The socket went away."""
    with _LOCK:
        _WATCHERS.pop(sid, None)


def allowed_sid(sid: str) -> bool:
    """False for a tracked watcher whose login has ended (others are not watchers)."""
    claims = _WATCHERS.get(sid)
    return claims is None or still_allowed(claims)


def _ended(watchers: dict[str, dict]) -> list[str]:
    user_ids = {int(claims["sub"]) for claims in watchers.values()}
    users = db.session.scalars(select(User).where(User.id.in_(user_ids))).all()
    current = {u.id: u for u in users if u.is_active}
    ended = []
    for sid, claims in watchers.items():
        user = current.get(int(claims["sub"]))
        lapsed = user is None or claims.get("ver") != user.token_version
        if lapsed or is_revoked(claims):
            ended.append(sid)
    return ended


def _recheck_forever(app, namespace: str) -> None:
    seconds = app.config["WATCH_RECHECK_SECONDS"]
    while True:
        socketio.sleep(seconds)
        with _LOCK:
            watchers = dict(_WATCHERS)
        if not watchers:
            continue
        with app.app_context():
            try:
                ended = _ended(watchers)
            except Exception:  # a database or Redis hiccup: try again next round
                log.exception("Could not re-check watch sockets")
                ended = []
            finally:
                db.session.remove()
        for sid in ended:
            forget(sid)
            socketio.server.disconnect(sid, namespace=namespace)
