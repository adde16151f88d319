"""Results rules: candidate lists, session reports, stage decisions, answer comparison.

A recruiter decides: the stage (new, advance, hold, reject) changes only by their
action, with a note, and every change is audited. Scores never move a candidate.
Services take the acting user, look records up through app.ownership and flush.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from app.ai.evidence import highlight
from app.audit import record_event
from app.errors import InteractionError, NotFound
from app.extensions import db
from app.interviews.rubrics import rubric_for
from app.models import (
    Evaluation,
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Question,
    User,
    utcnow,
)
from app.ownership import get_interview, get_question, get_session
from app.pagination import paginate, paginate_list
from app.rights import flags as answer_flags
from app.rights import review_requests
from app.scoring import report
from app.scoring import service as scoring

SORTS = {
    "date": (InterviewSession.started_at,),
    "score": (InterviewSession.overall_score,),
    # Names are encrypted at rest: list_sessions sorts by name in Python.
    "name": (),
    "stage": (InterviewSession.stage,),
}
SORT_CHOICES = [f"{sign}{key}" for key in SORTS for sign in ("", "-")]
# Retries of a stage change that keeps meeting concurrent changes, before a 409.
FILTERS = ("status", "stage", "scoring_status", "recommendation")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filtered(statement, filters: dict):
    for name in FILTERS:
        if filters.get(name):
            statement = statement.where(
                getattr(InterviewSession, name) == filters[name]
            )
    if filters.get("min_score") is not None:
        statement = statement.where(
            InterviewSession.overall_score >= filters["min_score"]
        )
    if filters.get("max_score") is not None:
        statement = statement.where(
            InterviewSession.overall_score <= filters["max_score"]
        )
    if filters.get("started_from"):
        statement = statement.where(
            InterviewSession.started_at >= _day_start(filters["started_from"])
        )
    if filters.get("started_to"):
        end = _day_start(filters["started_to"]) + timedelta(days=1)
        statement = statement.where(InterviewSession.started_at < end)
    if filters.get("unseen"):
        statement = statement.where(
            InterviewSession.scored_at.is_not(None),
            InterviewSession.reviewed_at.is_(None),
        )
    return statement


def _ordered(statement, sort: str):
    key = sort.lstrip("-")
    columns = SORTS.get(key, SORTS["date"])
    descending = sort.startswith("-")
    order = [
        c.desc().nulls_last() if descending else c.asc().nulls_last() for c in columns
    ]
    return statement.order_by(*order, InterviewSession.id.desc())


def list_sessions(
    actor: User,
    interview_id: int,
    *,
    sort: str = "-date",
    page: int = 1,
    per_page: int = 20,
    **filters,
):
    """One page of an interview's candidate sessions, filtered and sorted."""
    interview = get_interview(actor, interview_id)
    statement = (
        select(InterviewSession)
        .join(Invitation, InterviewSession.invitation_id == Invitation.id)
        .where(InterviewSession.interview_id == interview.id)
    )
    if sort.lstrip("-") == "name":
        return _by_name(_filtered(statement, filters), sort, page, per_page)
    statement = _ordered(_filtered(statement, filters), sort)
    # Each row shows its candidate: filled from the join, not one query per row.
    statement = statement.options(contains_eager(InterviewSession.invitation))
    return paginate(statement, page=page, per_page=per_page)


def _by_name(statement, sort: str, page: int, per_page: int):
    """A page of sessions sorted by the candidates' decrypted names, then emails."""
    sessions = db.session.scalars(
        statement.options(selectinload(InterviewSession.invitation)).order_by(
            InterviewSession.id.desc()
        )
    ).all()
    ordered = sorted(
        sessions,
        key=lambda s: ((s.invitation.name or "").lower(), s.invitation.email.lower()),
        reverse=sort.startswith("-"),
    )
    return paginate_list(ordered, page=page, per_page=per_page)


def recent_sessions(interview: Interview, limit: int = 10) -> list[InterviewSession]:
    """The interview's latest candidate sessions, newest first (for its detail page)."""
    return list(
        db.session.scalars(
            select(InterviewSession)
            .where(InterviewSession.interview_id == interview.id)
            .options(selectinload(InterviewSession.invitation))
            .order_by(InterviewSession.started_at.desc(), InterviewSession.id.desc())
            .limit(limit)
        )
    )


def result_counts(interview: Interview) -> dict:
    """Sessions of an interview: total, completed, scored and not yet seen."""
    total, completed, scored, unseen = db.session.execute(
        select(
            func.count(InterviewSession.id),
            func.count(InterviewSession.id).filter(
                InterviewSession.status == "completed"
            ),
            func.count(InterviewSession.scored_at),
            func.count(InterviewSession.id).filter(
                InterviewSession.scored_at.is_not(None),
                InterviewSession.reviewed_at.is_(None),
            ),
        ).where(InterviewSession.interview_id == interview.id)
    ).one()
    return {"total": total, "completed": completed, "scored": scored, "unseen": unseen}


# ---------------------------------------------------------------- one session
def _evaluations(session: InterviewSession) -> dict[int, Evaluation]:
    rows = db.session.scalars(
        select(Evaluation).where(Evaluation.session_id == session.id)
    ).all()
    return {row.question_id: row for row in rows}


def transcript(session: InterviewSession) -> tuple[list[Message], list[Evaluation]]:
    """A session's messages in order, and its evaluations in question order."""
    messages = db.session.scalars(
        select(Message).where(Message.session_id == session.id).order_by(Message.seq)
    ).all()
    evaluations = db.session.scalars(
        select(Evaluation)
        .join(Question, Evaluation.question_id == Question.id)
        .where(Evaluation.session_id == session.id)
        .order_by(Question.position)
    ).all()
    return list(messages), list(evaluations)


def evidence_quotes(evaluation: Evaluation | None) -> list[str]:
    """Every verified quote of an evaluation, for highlighting the answers."""
    if evaluation is None:
        return []
    quotes = []
    for item in (evaluation.competency_scores or {}).values():
        quotes.extend(q for q in item.get("evidence", []) if q not in quotes)
    return quotes


def session_report(session: InterviewSession) -> dict:
    """The report's parts: rubric used, competency profile, and question threads
    (messages with evidence highlighted, and each thread's evaluation)."""
    interview = db.session.get(Interview, session.interview_id)
    rubric = rubric_for(interview, session.rubric_version)
    evaluations = _evaluations(session)
    messages = db.session.scalars(
        select(Message).where(Message.session_id == session.id).order_by(Message.seq)
    ).all()
    threads = []
    for question in interview.questions:
        thread = [m for m in messages if m.question_id == question.id]
        if not thread:
            continue
        quotes = evidence_quotes(evaluations.get(question.id))
        threads.append(
            {
                "question": question,
                "number": len(threads) + 1,
                "messages": [
                    {"message": m, "pieces": highlight(m.content, quotes)}
                    if m.role == "candidate"
                    else {"message": m, "pieces": [(m.content, False)]}
                    for m in thread
                ],
                "evaluation": evaluations.get(question.id),
            }
        )
    closing = [m for m in messages if m.question_id is None]
    scored = [_profile_input(e, rubric) for e in evaluations.values()]
    return {
        "flags": answer_flags.flags_by_question(session.id),
        "open_flags": answer_flags.open_flags(session.id),
        "review_requests": review_requests.requests_for(session.invitation_id),
        "rubric": rubric,
        "profile": report.competency_profile(rubric, scored),
        "threads": threads,
        "closing": closing,
        "evaluations": list(evaluations.values()),
    }


def _profile_input(evaluation: Evaluation, rubric: list[dict]) -> dict:
    if evaluation.human_overall is not None:  # the recruiter's score counts
        return {
            "status": "scored",
            "competency_scores": report.overridden_scores(evaluation, rubric),
        }
    return {
        "status": evaluation.status,
        "competency_scores": evaluation.competency_scores or {},
    }


def record_report_read(
    actor: User, session: InterviewSession, via: str, origin: dict | None = None
) -> None:
    """Audit that someone opened a candidate's report (reads of personal data are
    audited like writes); `via`: page, print or api."""
    record_event(
        "session.report_viewed",
        actor=actor,
        target=session,
        details={"via": via},
        **(origin or {}),
    )


def mark_seen(actor: User, session: InterviewSession) -> bool:
    """The recruiter opened a finished report: it is no longer an unseen result."""
    if session.scored_at is None or session.reviewed_at is not None:
        return False
    if actor.role not in ("recruiter", "admin"):
        return False
    session.reviewed_at = utcnow()
    db.session.flush()
    return True


def rescore_session(
    actor: User, session_id: int, *, origin: dict | None = None
) -> InterviewSession:
    """Queue the answers that could not be scored (failed, needs review) again."""
    session = get_session(actor, session_id)
    redo = [
        e
        for e in _evaluations(session).values()
        if e.status in ("failed", "needs_review")
    ]
    if not redo:
        raise InteractionError("There is nothing to score again in this session.")
    for evaluation in redo:
        evaluation.status = "pending"
        evaluation.attempts = 0
        evaluation.claimed_at = None
        evaluation.error = ""
    if session.status == "completed":
        session.scoring_status = "running"
    scoring.mark_due(*redo)
    record_event(
        "session.rescored",
        actor=actor,
        target=session,
        details={"answers": len(redo)},
        **(origin or {}),
    )
    db.session.flush()
    return session


# ---------------------------------------------------------------- comparison
def compare_answers(
    actor: User, interview_id: int, question_id: int, *, page: int = 1, per_page=20
):
    """Every candidate's answer to one question with its scores, best first."""
    interview = get_interview(actor, interview_id)
    question = get_question(actor, question_id)
    if question.interview_id != interview.id:
        raise NotFound("Question not found.")
    answered = (
        select(Message.session_id)
        .where(Message.question_id == question.id, Message.role == "candidate")
        .distinct()
    )
    statement = (
        select(InterviewSession)
        .outerjoin(
            Evaluation,
            (Evaluation.session_id == InterviewSession.id)
            & (Evaluation.question_id == question.id),
        )
        .where(
            InterviewSession.interview_id == interview.id,
            InterviewSession.id.in_(answered),
        )
        .order_by(Evaluation.overall.desc().nulls_last(), InterviewSession.id)
    )
    sessions, meta = paginate(statement, page=page, per_page=per_page)
    return [_answer_row(s, question) for s in sessions], meta, question


def _answer_row(session: InterviewSession, question: Question) -> dict:
    thread = db.session.scalars(
        select(Message)
        .where(Message.session_id == session.id, Message.question_id == question.id)
        .order_by(Message.seq)
    ).all()
    evaluation = db.session.scalars(
        select(Evaluation).where(
            Evaluation.session_id == session.id,
            Evaluation.question_id == question.id,
        )
    ).first()
    quotes = evidence_quotes(evaluation)
    answers = [m for m in thread if m.role == "candidate"]
    return {
        "session": session,
        "session_id": session.id,
        "candidate": session.invitation,
        "stage": session.stage,
        "answers": [m.content for m in answers],
        "pieces": [highlight(m.content, quotes) for m in answers],
        "follow_ups": sum(
            1 for m in thread if m.is_follow_up and m.role == "interviewer"
        ),
        "evaluation": evaluation,
    }
