"""Socket.IO namespace /interview: live interviewer turns for candidates and watchers.

Candidates connect with their participant cookie; recruiters watch with their portal
login (their own interviews only). Every answer is committed before it is acknowledged,
and a repeated client_id is acknowledged again without being stored twice. Interviewer
turns run as background tasks that emit to the session's room.

Payloads are validated by the schemas in app/live/schemas.py. Every refusal and failure
is answered with the one error envelope {"error": {code, message, details}}: in the
ack (with "ok": false) of an acked event, or as an `error` event; a failed event is
rolled back first, so nothing half-stored remains and nothing is dropped silently.
"""

from flask import current_app, request
from flask_socketio import Namespace, join_room
from sqlalchemy.exc import IntegrityError

from app.ai.providers import get_provider
from app.auth.portal import portal_claims, portal_identity
from app.errors import (
    AppError,
    AuthError,
    Forbidden,
    InteractionError,
    RateLimited,
    error_payload,
)
from app.extensions import db, socketio
from app.live import answers, conductor, watchers
from app.live.arrivals import arrival_slot
from app.live.language import language_notice
from app.live.participants import COOKIE_NAME, participant_session
from app.live.schemas import AnswerSchema, ResumeSchema, WatchAuthSchema
from app.live.socket_events import TurnFailed, acked, validated
from app.live.turns import IN_FLIGHT, message_payload, run_turn, state_payload
from app.models import InterviewSession
from app.ownership import WORKSPACE_COOKIE, choose_workspace, get_session
from app.ratelimits import answer_allowed

NAMESPACE = "/interview"


def room_for(session_id: int) -> str:
    return f"session-{session_id}"


def _emitter(app, session_id: int):
    def emit(event: str, data: dict) -> None:
        socketio.emit(event, data, to=room_for(session_id), namespace=NAMESPACE)

    return emit


def start_turn_if_due(session_id: int) -> None:
    """Start the next interviewer turn in the background if one is due and none runs."""
    if IN_FLIGHT.busy(session_id):
        return
    app = current_app._get_current_object()
    IN_FLIGHT.task_started()  # ended by the task, whatever happens in it
    try:
        socketio.start_background_task(_run_turn_task, app, session_id)
    except Exception:
        IN_FLIGHT.task_ended()
        raise


def _run_turn_task(app, session_id: int) -> None:
    try:
        with app.app_context():
            emit = _emitter(app, session_id)
            try:
                run_turn(session_id, get_provider(app), emit)
            except Exception:  # regenerated on the next resume; tell the page
                app.logger.exception(
                    "Interviewer turn failed for session %s", session_id
                )
                failed = TurnFailed("The interviewer could not reply. Reconnecting...")
                emit("error", error_payload(failed))
            finally:
                db.session.remove()
    finally:
        IN_FLIGHT.task_ended()


def _snapshot(session: InterviewSession, after_seq: int = 0) -> dict:
    messages = [m for m in conductor.transcript(session) if m.seq > after_seq]
    return {
        "messages": [message_payload(m) for m in messages],
        "streaming": IN_FLIGHT.snapshot(session.id),
        "state": state_payload(session),
    }


class InterviewNamespace(Namespace):
    """Events: client `resume`, `answer`, `reply_now`; server `state`, `turn_start`,
    `turn_delta`, `turn_end`, `completed`, `notice`, `error`."""

    def _participant_session(self) -> InterviewSession | None:
        return participant_session(request.cookies.get(COOKIE_NAME))

    def on_connect(self, auth=None):
        """A candidate (participant cookie) or watcher (portal login) joins."""
        watch = (auth or {}).get("watch") if isinstance(auth, dict) else None
        if watch is not None:
            user, _csrf = portal_identity()
            if user is None or user.role not in ("recruiter", "admin"):
                raise ConnectionRefusedError("unauthorized")
            # The watcher acts in the workspace chosen in the portal (its cookie).
            choose_workspace(user, request.cookies.get(WORKSPACE_COOKIE))
            try:
                session = get_session(user, validated(WatchAuthSchema, auth)["watch"])
            except AppError:
                raise ConnectionRefusedError("unauthorized") from None
            request.environ["viva.watcher"] = True
            _track_watcher()
            self._join(session)
        else:
            with arrival_slot():  # arrivals wait their turn; running interviews don't
                session = self._participant_session()
                if session is None:
                    raise ConnectionRefusedError("unauthorized")
                self._join(session)
                start_turn_if_due(session.id)

    def _join(self, session: InterviewSession) -> None:
        request.environ["viva.session_id"] = session.id
        join_room(room_for(session.id))
        self.emit("state", _snapshot(session), room=request.sid)

    def on_disconnect(self, *_reason):
        """The socket closed (either side)."""
        watchers.forget(request.sid)

    def _session(self) -> InterviewSession | None:
        session_id = request.environ.get("viva.session_id")
        return db.session.get(InterviewSession, session_id) if session_id else None

    @acked
    def on_resume(self, data=None):
        """Send messages after `last_seq` and the turn streaming now; acks the same.
        The page sends it after a gap in the turn numbers (watchers also now and
        then)."""
        session = self._session()
        if session is None or not watchers.allowed_sid(request.sid):
            raise AuthError("Not connected.")
        last_seq = validated(ResumeSchema, data, optional=True)["last_seq"]
        snapshot = _snapshot(session, after_seq=last_seq)
        if not request.environ.get("viva.watcher"):
            start_turn_if_due(session.id)
        return {"ok": True, **snapshot}

    @acked
    def on_answer(self, data=None):
        """Store an answer (committed before the ack), then start the next turn. The
        candidate's page sends it; the ack says stored (or stored before) or why not."""
        session = self._session()
        if session is None or request.environ.get("viva.watcher"):
            raise Forbidden("Only the candidate can answer.")
        answer = validated(AnswerSchema, data)
        client_id, session_id = answer["client_id"], session.id
        if not answer_allowed(session_id):
            raise RateLimited("Too many answers at once. Please wait.")
        if IN_FLIGHT.busy(session_id):
            return _acked_again(session_id, client_id)
        try:
            message, created = answers.record_answer(
                session,
                client_id,
                answer["text"],
                answer.get("integrity"),
                hold=answer["hold"],
            )
            notice = language_notice(session, message.content) if created else None
            # Read before the commit expires it; nothing is read again after it.
            stored = message_payload(message)
            db.session.commit()
        except IntegrityError:  # the same answer (or another) stored at this moment
            db.session.rollback()
            return _acked_again(session_id, client_id)
        if created:
            self.emit("answer_stored", {"message": stored}, room=room_for(session_id))
            if notice:
                self.emit(
                    "notice",
                    {"code": "language", "message": notice},
                    room=room_for(session_id),
                )
            start_turn_if_due(session_id)
        return {"ok": True, "seq": stored["seq"], "duplicate": not created}

    @acked
    def on_reply_now(self, data=None):
        """The candidate finished a several-message answer: the interviewer replies.
        The candidate's page sends it; acked with ok."""
        session = self._session()
        if session is None or request.environ.get("viva.watcher"):
            raise Forbidden("Only the candidate can answer.")
        if answers.release_answer(session):
            db.session.commit()
        start_turn_if_due(session.id)
        return {"ok": True}


def _acked_again(session_id: int, client_id: str) -> dict:
    """The ack of an answer sent again; refused if it is not the one stored."""
    duplicate = answers.find_answer(session_id, client_id)
    if duplicate is None:
        raise InteractionError(answers.WAIT_MESSAGE)
    return {"ok": True, "seq": duplicate.seq, "duplicate": True}


def _track_watcher() -> None:
    """Have this watcher re-checked while connected: it is dropped when the
    recruiter logs out or is deactivated (see watchers.py)."""
    app = current_app._get_current_object()
    watchers.track(app, request.sid, portal_claims(), NAMESPACE)


socketio.on_namespace(InterviewNamespace(NAMESPACE))
