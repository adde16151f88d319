"""JSON API of practice sessions: create, list, read, start, answer, cancel, finalize,
feedback. Only the candidate who owns a session sees it: everyone else gets 404."""

from flask import current_app
from flask_jwt_extended import get_current_user

from app.ai.providers import get_provider, unpaced
from app.auth.decorators import login_required, role_required
from app.extensions import db
from app.live import conductor
from app.live.turns import message_payload, run_turn
from app.models import InterviewSession
from app.openapi import operation
from app.practice import bp, service
from app.practice.schemas import (
    AnswerResultSchema,
    AnswerSchema,
    FeedbackSchema,
    PracticeCreateSchema,
    PracticeSessionSchema,
    TurnSchema,
)
from app.schemas import PageQuerySchema, list_schema

API = "/api/v1/practice/sessions"
TAGS = ["practice"]
ONE = f"{API}/<int:session_id>"


def _run_due_turn(session_id: int):
    """Generate the interviewer's next turn now (API clients have no socket, so
    nobody watches it stream: the offline interviewer's pacing is left out)."""
    provider = unpaced(get_provider(current_app._get_current_object()))
    fallback = unpaced(get_provider(name="offline"))
    return run_turn(session_id, provider, lambda event, payload: None, fallback)


@bp.post(API)
@role_required("candidate")
@operation(
    "Create a practice session (pending)",
    tags=TAGS,
    body=PracticeCreateSchema,
    responses={201: PracticeSessionSchema},
)
def api_create_session(body):
    practice = service.create_session(get_current_user(), **body)
    db.session.commit()
    return practice, 201


@bp.get(API)
@role_required("candidate")
@operation(
    "Your practice sessions, newest first",
    tags=TAGS,
    query=PageQuerySchema,
    responses={200: list_schema(PracticeSessionSchema)},
)
def api_list_sessions(query):
    items, meta = service.list_sessions(
        get_current_user(), page=query["page"], per_page=query["per_page"]
    )
    return {"items": items, "meta": meta}


@bp.get(ONE)
@login_required
@operation(
    "One of your practice sessions", tags=TAGS, responses={200: PracticeSessionSchema}
)
def api_get_session(session_id):
    return service.get_session(get_current_user(), session_id)


@bp.post(f"{ONE}/start")
@login_required
@operation(
    "Start a pending session: the interviewer greets you (ongoing)",
    tags=TAGS,
    responses={200: list_schema(TurnSchema)},
    errors=(409,),
    description="Returns the transcript so far (the greeting with the warm-up "
    "question). Answer with POST .../answers, or open /practice/sessions/{id}/room.",
)
def api_start_session(session_id):
    user = get_current_user()
    session = service.start_session(user, service.get_session(user, session_id))
    engine_id = session.id
    db.session.commit()
    _run_due_turn(engine_id)
    messages = conductor.transcript(db.session.get(InterviewSession, engine_id))
    return {"items": [message_payload(m) for m in messages], "meta": _meta(messages)}


def _meta(messages) -> dict:
    return {"page": 1, "per_page": max(len(messages), 1), "total": len(messages)}


@bp.post(f"{ONE}/answers")
@login_required
@operation(
    "Answer the current question; the interviewer replies",
    tags=TAGS,
    body=AnswerSchema,
    responses={200: AnswerResultSchema},
    errors=(409,),
    description="A repeated client_id is not stored twice. 409 when the session is "
    "not ongoing or it is not your turn.",
)
def api_answer(session_id, body):
    user = get_current_user()
    practice = service.get_session(user, session_id)
    message = service.record_answer(user, practice, body["client_id"], body["text"])
    engine_id, stored = practice.interview_session_id, message_payload(message)
    db.session.commit()
    reply = _run_due_turn(engine_id)  # closes the db session: read nothing held
    session = db.session.get(InterviewSession, engine_id)
    return {
        "answer": stored,
        "replies": [message_payload(reply)] if reply is not None else [],
        "interview_finished": session.status == "completed",
    }


@bp.post(f"{ONE}/cancel")
@login_required
@operation(
    "End a session early, or cancel it before it starts (cancelled)",
    tags=TAGS,
    responses={200: PracticeSessionSchema},
    errors=(409,),
)
def api_cancel_session(session_id):
    user = get_current_user()
    practice = service.cancel_session(user, service.get_session(user, session_id))
    db.session.commit()
    return practice


@bp.post(f"{ONE}/end")
@login_required
@operation(
    "End an ongoing session early: feedback on the answers given (completed)",
    tags=TAGS,
    responses={200: PracticeSessionSchema},
    errors=(409,),
    description="With no question answered yet there is nothing to score: the "
    "session is cancelled instead. Read the feedback at .../feedback.",
)
def api_end_session(session_id):
    user = get_current_user()
    practice = service.end_session_early(user, service.get_session(user, session_id))
    db.session.commit()
    return practice


@bp.post(f"{ONE}/finalize")
@login_required
@operation(
    "Finish a session whose interview has ended: feedback is written (completed)",
    tags=TAGS,
    responses={200: FeedbackSchema},
    errors=(409,),
)
def api_finalize_session(session_id):
    user = get_current_user()
    practice = service.finalize_session(user, service.get_session(user, session_id))
    db.session.commit()
    return practice.feedback


@bp.get(f"{ONE}/feedback")
@login_required
@operation(
    "The feedback of a completed session",
    tags=TAGS,
    responses={200: FeedbackSchema},
    errors=(409,),
)
def api_feedback(session_id):
    practice = service.get_session(get_current_user(), session_id)
    service.require_completed(practice)
    return practice.feedback
