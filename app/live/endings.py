"""How an interview stops before its closing turn, for hiring and practice alike.

The candidate ends it early (confirmed in the room): it is completed, marked as ended
early. Or it is left idle: the sweep (app/tasks.py) marks it `abandoned` once it is
idle past its time limit plus a grace period, or, untimed, past a fixed idle limit.
Either way the answers given are scored and the report is written (app/scoring), and
each change is one compare-and-set (app/upsert.py), so an ending that races a turn,
another ending or a second sweep happens once. Hooks let practice follow (ENDING_HOOKS).
"""

from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from app.extensions import db
from app.integrations import events as webhook_events
from app.live.progress import deadline
from app.models import Interview, InterviewSession, Invitation, Question, utcnow
from app.scoring import service as scoring
from app.upsert import update_if

# Called as hook(session, status) after a session was ended here, in the same
# transaction: status is "completed" (ended early) or "abandoned".
ENDING_HOOKS: list = []


def _score_what_was_said(session: InterviewSession) -> None:
    """Queue the open question thread's evaluation (earlier threads were queued when
    they ended) and make the report due once every answer is scored."""
    if session.current_question_id is not None:
        question = db.session.get(Question, session.current_question_id)
        if question is not None:
            scoring.queue_evaluation(session, question)
    scoring.session_completed(session)


def _ended(session: InterviewSession, status: str) -> None:
    _score_what_was_said(session)
    for hook in ENDING_HOOKS:
        hook(session, status)
    db.session.flush()


def end_early(session: InterviewSession, now: datetime | None = None) -> bool:
    """The candidate ends their interview now: completed, marked ended early, and
    scored on the answers given. False when it had already ended."""
    now = now or utcnow()
    if not update_if(
        session,
        InterviewSession.status == "in_progress",
        status="completed",
        phase="completed",
        ended_early=True,
        ended_at=now,
        last_activity_at=now,
    ):
        return False
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == session.invitation_id, Invitation.status != "revoked")
        .values(status="completed")
    )
    webhook_events.interview_completed(session)
    _ended(session, "completed")
    return True


def is_idle(
    session: InterviewSession,
    interview: Interview,
    now: datetime,
    grace: timedelta,
    idle_limit: timedelta,
) -> bool:
    """Timed: past its time limit plus the grace, and nothing said for the grace;
    untimed: nothing said for the idle limit."""
    last = session.last_activity_at or session.started_at
    ends_at = deadline(session, interview)
    if ends_at is None:
        return last <= now - idle_limit
    return now >= ends_at + grace and last <= now - grace


def abandon_idle_sessions(
    now: datetime, grace_minutes: int, idle_minutes: int
) -> list[int]:
    """Mark the sessions left idle `abandoned` (flushes); their ids. A session that
    moved since it was read (an answer, a turn) is left for the next sweep."""
    grace, idle_limit = (
        timedelta(minutes=grace_minutes),
        timedelta(minutes=idle_minutes),
    )
    quiet_since = now - min(grace, idle_limit)
    rows = db.session.execute(
        select(InterviewSession, Interview)
        .join(Interview, Interview.id == InterviewSession.interview_id)
        .where(
            InterviewSession.status == "in_progress",
            func.coalesce(
                InterviewSession.last_activity_at, InterviewSession.started_at
            )
            <= quiet_since,
        )
        .order_by(InterviewSession.id)
    ).all()
    abandoned = []
    for session, interview in rows:
        if not is_idle(session, interview, now, grace, idle_limit):
            continue
        last_activity = session.last_activity_at
        still = InterviewSession.status == "in_progress"
        if last_activity is not None:  # compare-and-set on what was read
            still = still & (InterviewSession.last_activity_at == last_activity)
        if update_if(session, still, status="abandoned", ended_at=now):
            _ended(session, "abandoned")
            abandoned.append(session.id)
    return abandoned
