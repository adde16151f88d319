"""Socket.IO namespace /interview: live interviewer turns for candidates and watchers.

Candidates connect with their participant cookie; recruiters watch with their portal
login (their own interviews only). Every answer is committed before it is acknowledged,
and a repeated client_id is acknowledged again without being stored twice. Interviewer
turns run as background tasks that emit to the session's room.
"""

from flask import current_app, request
from flask_socketio import Namespace, join_room

from app.ai.providers import get_provider
from app.auth.portal import portal_claims, portal_identity
from app.errors import AppError, NotFound
from app.extensions import db, socketio
from app.live import conductor, watchers
from app.live.participants import COOKIE_NAME, participant_session
from app.live.turns import IN_FLIGHT, message_payload, run_turn, state_payload
from app.models import InterviewSession
from app.ownership import get_session
from app.ratelimits import answer_allowed

NAMESPACE = "/interview"


def room_for(session_id: int) -> str:
    return f"session-{session_id}"


def _emitter(app, session_id: int):
    def emit(event: str, payload: dict) -> None:
        socketio.emit(event, payload, to=room_for(session_id), namespace=NAMESPACE)

    return emit


def start_turn_if_due(session_id: int) -> None:
    """Start the next interviewer turn in the background if one is due and none runs."""
    if IN_FLIGHT.busy(session_id):
        return
    app = current_app._get_current_object()
    socketio.start_background_task(_run_turn_task, app, session_id)


def _run_turn_task(app, session_id: int) -> None:
    with app.app_context():
        emit = _emitter(app, session_id)
        try:
            provider = get_provider(app)
            pace = app.config.get("AI_OFFLINE_CHUNK_DELAY_MS", 0) / 1000
            run_turn(session_id, provider, emit, pace=pace)
        except Exception:  # the turn is regenerated on the next resume; tell the page
            app.logger.exception("Interviewer turn failed for session %s", session_id)
            emit(
                "error",
                {
                    "code": "TURN_FAILED",
                    "message": "The interviewer could not reply. Reconnecting...",
                },
            )
        finally:
            db.session.remove()


def _snapshot(session: InterviewSession, after_seq: int = 0) -> dict:
    messages = [m for m in conductor.transcript(session) if m.seq > after_seq]
    return {
        "messages": [message_payload(m) for m in messages],
        "streaming": IN_FLIGHT.snapshot(session.id),
        "state": state_payload(session),
    }


class InterviewNamespace(Namespace):
    """Events: client `resume`, `answer`; server `state`, `turn_start`, `turn_delta`,
    `turn_end`, `completed`, `error`."""

    def _participant_session(self) -> InterviewSession | None:
        return participant_session(request.cookies.get(COOKIE_NAME))

    def on_connect(self, auth=None):
        """A candidate (participant cookie) or watcher (portal login) joins."""
        watch = (auth or {}).get("watch") if isinstance(auth, dict) else None
        if watch is not None:
            user, _csrf = portal_identity()
            if user is None or user.role not in ("recruiter", "admin"):
                raise ConnectionRefusedError("unauthorized")
            try:
                session = get_session(user, int(watch))
            except (NotFound, TypeError, ValueError):
                raise ConnectionRefusedError("unauthorized") from None
            request.environ["viva.watcher"] = True
            _track_watcher()
        else:
            session = self._participant_session()
            if session is None:
                raise ConnectionRefusedError("unauthorized")
        request.environ["viva.session_id"] = session.id
        join_room(room_for(session.id))
        self.emit("state", _snapshot(session), room=request.sid)
        if not request.environ.get("viva.watcher"):
            start_turn_if_due(session.id)

    def on_disconnect(self, *_reason):
        """The socket closed (either side)."""
        watchers.forget(request.sid)

    def _session(self) -> InterviewSession | None:
        session_id = request.environ.get("viva.session_id")
        return db.session.get(InterviewSession, session_id) if session_id else None

    def on_resume(self, data=None):
        """Send messages after `last_seq` and the turn streaming now; acks the same."""
        session = self._session()
        if session is None or not watchers.allowed_sid(request.sid):
            return {
                "ok": False,
                "error": {"code": "AUTH_ERROR", "message": "Not connected."},
            }
        try:
            last_seq = int((data or {}).get("last_seq") or 0)
        except (TypeError, ValueError):
            last_seq = 0
        snapshot = _snapshot(session, after_seq=last_seq)
        if not request.environ.get("viva.watcher"):
            start_turn_if_due(session.id)
        return {"ok": True, **snapshot}

    def on_answer(self, data=None):
        """Store an answer (committed before the ack), then start the next turn."""
        session = self._session()
        if session is None or request.environ.get("viva.watcher"):
            return {
                "ok": False,
                "error": {
                    "code": "FORBIDDEN",
                    "message": "Only the candidate can answer.",
                },
            }
        data = data if isinstance(data, dict) else {}
        client_id = str(data.get("client_id") or "")[:64]
        text = data.get("text")
        if not client_id or not isinstance(text, str):
            return {
                "ok": False,
                "error": {
                    "code": "INVALID_REQUEST",
                    "message": "An answer needs client_id and text.",
                },
            }
        if not answer_allowed(session.id):
            return _error("RATE_LIMITED", "Too many answers at once. Please wait.")
        if IN_FLIGHT.busy(session.id):
            duplicate = conductor.find_answer(session, client_id)
            if duplicate is None:
                return _error(
                    "INTERACTION_ERROR",
                    "Please wait until the interviewer has finished speaking.",
                )
            return {"ok": True, "seq": duplicate.seq, "duplicate": True}
        try:
            message, created = conductor.record_answer(session, client_id, text)
            # Read before the commit expires it; nothing is read again after it.
            stored, session_id = message_payload(message), session.id
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            return _error(error.code, error.message)
        if created:
            self.emit("answer_stored", {"message": stored}, room=room_for(session_id))
            start_turn_if_due(session_id)
        return {"ok": True, "seq": stored["seq"], "duplicate": not created}


def _track_watcher() -> None:
    """Have this watcher re-checked while connected: it is dropped when the
    recruiter logs out or is deactivated (see watchers.py)."""
    app = current_app._get_current_object()
    watchers.track(app, request.sid, portal_claims(), NAMESPACE)


def _error(code: str, message: str) -> dict:
    return {"ok": False, "error": {"code": code, "message": message}}


socketio.on_namespace(InterviewNamespace(NAMESPACE))
