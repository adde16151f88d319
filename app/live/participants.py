"""The candidate's participant cookie: a signed, HttpOnly pointer to one session."""

from flask import current_app

from app.extensions import db
from app.link_tokens import read_signed_value, sign_value
from app.models import InterviewSession

COOKIE_NAME = "viva_participant"
MAX_AGE_SECONDS = 2 * 24 * 3600
PARTICIPANT_SALT = "viva-participant"


def participant_token(session_id: int, invitation_id: int) -> str:
    """A signed value naming the session this browser may take part in."""
    return sign_value(PARTICIPANT_SALT, {"s": session_id, "i": invitation_id})


def read_participant_token(value: str | None) -> tuple[int, int] | None:
    """(session id, invitation id) from a participant cookie, or None when invalid."""
    data = read_signed_value(PARTICIPANT_SALT, value, MAX_AGE_SECONDS)
    try:
        return int(data["s"]), int(data["i"])
    except (KeyError, TypeError, ValueError):
        return None


def participant_session(cookie_value: str | None) -> InterviewSession | None:
    """The session a participant cookie names, or None: no valid cookie, another
    invitation's session, or a revoked invitation."""
    ids = read_participant_token(cookie_value)
    session = db.session.get(InterviewSession, ids[0]) if ids else None
    if (
        session is None
        or session.invitation_id != ids[1]
        or session.invitation.status == "revoked"
    ):
        return None
    return session


def set_participant_cookie(response, session_id: int, invitation_id: int):
    """Attach the participant cookie to a response."""
    response.set_cookie(
        COOKIE_NAME,
        participant_token(session_id, invitation_id),
        max_age=MAX_AGE_SECONDS,
        httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        samesite="Lax",
        path="/",
    )
    return response
