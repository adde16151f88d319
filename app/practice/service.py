"""Practice sessions: create, start, answer, cancel and finalize; saved job
descriptions. Services take the acting user, flush and never commit.

Lifecycle: pending -> ongoing (start) -> completed (finalize, once the interview has
ended; or end early, scored on the answers given) or cancelled (cancel, from pending
or ongoing) or abandoned (left idle: the sweep of app/live/endings.py, scored on the
answers given); anything else is 409.
"""

from sqlalchemy import select

from app.errors import Conflict, NotFound
from app.extensions import db
from app.live import answers, endings
from app.models import (
    InterviewSession,
    JobDescription,
    Message,
    PracticeSession,
    User,
    utcnow,
)
from app.pagination import paginate
from app.practice import bank, engine, feedback, planning

MAX_ID = 2**31 - 1


def _owned(model, user: User, record_id: int, what: str):
    record = (
        db.session.scalars(
            select(model).where(model.id == record_id, model.user_id == user.id)
        ).first()
        if 0 < record_id <= MAX_ID
        else None
    )
    if record is None:
        raise NotFound(f"{what} not found.")
    return record


def get_session(user: User, session_id: int) -> PracticeSession:
    """One of the user's practice sessions, or NotFound (also for everyone else's)."""
    return _owned(PracticeSession, user, session_id, "Practice session")


def list_sessions(user: User, *, page: int = 1, per_page: int = 20):
    """The user's practice sessions, newest first."""
    query = (
        select(PracticeSession)
        .where(PracticeSession.user_id == user.id)
        .order_by(PracticeSession.created_at.desc(), PracticeSession.id.desc())
    )
    return paginate(query, page=page, per_page=per_page)


def create_session(user: User, **settings) -> PracticeSession:
    """A pending practice session with these settings (see PracticeCreateSchema)."""
    text = settings.pop("job_description", "") or ""
    saved_id = settings.pop("job_description_id", None)
    if saved_id is not None:
        text = get_job_description(user, saved_id).text
    difficulty = settings.get("difficulty", "adaptive")
    practice = PracticeSession(
        user_id=user.id,
        job_description=text,
        job_description_id=saved_id,
        current_difficulty="medium" if difficulty == "adaptive" else difficulty,
        plan=[],
        feedback={},
        **settings,
    )
    db.session.add(practice)
    db.session.flush()
    return practice


def _require(practice: PracticeSession, *statuses: str, action: str) -> None:
    if practice.status not in statuses:
        raise Conflict(
            f"This practice session is {practice.status}: it cannot be {action}.",
            details={"status": [practice.status]},
        )


def require_completed(practice: PracticeSession) -> None:
    """Conflict unless the session has its feedback (completed, or abandoned and
    scored on the answers given)."""
    _require(practice, "completed", "abandoned", action="reviewed yet")


def start_session(user: User, practice: PracticeSession) -> InterviewSession:
    """Open the interview: a warm-up and the first main question; pending -> ongoing."""
    _require(practice, "pending", action="started")
    bank.ensure_loaded()
    warmup = planning.pick_warmup(practice, user)
    first = planning.pick_main(practice, user)
    if first is None:
        raise Conflict("The question bank has no questions for these settings yet.")
    opening = [q for q in (warmup, first) if q is not None]
    session = engine.open_interview(practice, user, opening)
    practice.interview_session_id = session.id
    practice.status = "ongoing"
    practice.started_at = utcnow()
    questions = session.invitation.interview.questions
    for chosen, question in zip(opening, questions, strict=True):
        planning.record_planned(practice, chosen, question)
    db.session.flush()
    return session


def record_answer(user: User, practice: PracticeSession, client_id: str, text: str):
    """Store an answer in the running interview (once per client id)."""
    _require(practice, "ongoing", action="answered")
    message, _created = answers.record_answer(
        practice.interview_session, client_id, text
    )
    return message


def cancel_session(user: User, practice: PracticeSession) -> PracticeSession:
    """End a session early, or cancel it before it starts: -> cancelled."""
    _require(practice, "pending", "ongoing", action="cancelled")
    now = utcnow()
    session = practice.interview_session
    if session is not None and session.status == "in_progress":
        session.status = "abandoned"
        session.ended_at = now
    practice.status = "cancelled"
    practice.ended_at = now
    db.session.flush()
    return practice


def end_session_early(user: User, practice: PracticeSession) -> PracticeSession:
    """End an ongoing session now, with feedback on the answers given (completed);
    with no question answered yet there is nothing to score: cancelled."""
    _require(practice, "ongoing", action="ended early")
    session = practice.interview_session
    if not _answered_a_question(practice):
        return cancel_session(user, practice)
    if not endings.end_early(session):  # it ended meanwhile (a sweep, the closing)
        db.session.refresh(practice)
        if practice.status == "ongoing" and session.status == "completed":
            return finalize_session(user, practice)
    return practice


def _answered_a_question(practice: PracticeSession) -> bool:
    main = [item["question_id"] for item in practice.plan if item["kind"] != "warmup"]
    return bool(main) and (
        db.session.scalar(
            select(Message.id)
            .where(
                Message.session_id == practice.interview_session_id,
                Message.role == "candidate",
                Message.question_id.in_(main),
            )
            .limit(1)
        )
        is not None
    )


def finalize_session(user: User, practice: PracticeSession) -> PracticeSession:
    """Write the feedback of a finished interview; ongoing -> completed."""
    _require(practice, "ongoing", action="finalized")
    session = practice.interview_session
    if session is None or session.status != "completed":
        raise Conflict(
            "The interview has not finished yet: answer the remaining questions, or "
            "cancel the session to end it early.",
            details={"status": [practice.status]},
        )
    result = feedback.session_feedback(practice, session)
    practice.feedback = result
    practice.overall_score = result["overall"]
    practice.status = "completed"
    practice.ended_at = session.ended_at or utcnow()
    db.session.flush()
    return practice


# -------------------------------------------------------------- job descriptions
def list_job_descriptions(user: User) -> list[JobDescription]:
    """The user's saved job descriptions, newest first."""
    return list(
        db.session.scalars(
            select(JobDescription)
            .where(JobDescription.user_id == user.id)
            .order_by(JobDescription.created_at.desc(), JobDescription.id.desc())
        )
    )


def get_job_description(user: User, record_id: int) -> JobDescription:
    """One of the user's job descriptions, or NotFound."""
    return _owned(JobDescription, user, record_id, "Job description")


def save_job_description(user: User, record=None, **fields) -> JobDescription:
    """Create a job description, or change one of the user's."""
    record = record or JobDescription(user_id=user.id)
    for name, value in fields.items():
        setattr(record, name, value)
    db.session.add(record)
    db.session.flush()
    return record


def delete_job_description(user: User, record: JobDescription) -> None:
    """Delete one of the user's job descriptions (sessions keep their copy)."""
    db.session.delete(record)
    db.session.flush()
