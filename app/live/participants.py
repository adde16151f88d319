"""The candidate's participant cookie: a signed, HttpOnly pointer to one session."""

from flask import current_app

from app.link_tokens import read_signed_value, sign_value

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
