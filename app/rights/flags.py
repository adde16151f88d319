"""Flags on answers: issued with the receipt (one single-use link per answer, valid
FLAG_LINK_DAYS), filed by the candidate, shown on the report, and acknowledged by the
recruiter who rejects a candidate with open flags."""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.errors import ValidationError
from app.extensions import db
from app.link_tokens import MAX_TOKEN_LENGTH, hash_token, new_link_token
from app.models import AnswerFlag, InterviewSession, Message, Question, User, utcnow

FLAG_LINK_DAYS = 30
FLAG_LABELS = {
    "technical_problem": "Technical problem",
    "question_unclear": "Question unclear",
    "transcript_wrong": "Transcript wrong",
}


def issue_flag_links(
    session: InterviewSession, now: datetime | None = None
) -> dict[int, str]:
    """A fresh link token per answered question (flushes): {question_id: token}.

    Answers already flagged keep their flag and get no new link."""
    now = now or utcnow()
    question_ids = answered_question_ids(session.id)
    existing = {
        flag.question_id: flag
        for flag in db.session.scalars(
            select(AnswerFlag).where(AnswerFlag.session_id == session.id)
        )
    }
    tokens = {}
    for question_id in question_ids:
        flag = existing.get(question_id)
        if flag is not None and flag.flagged_at is not None:
            continue
        token, token_hash = new_link_token()
        if flag is None:
            flag = AnswerFlag(session_id=session.id, question_id=question_id)
            db.session.add(flag)
        flag.token_hash = token_hash
        flag.expires_at = now + timedelta(days=FLAG_LINK_DAYS)
        tokens[question_id] = token
    db.session.flush()
    return tokens


def answered_question_ids(session_id: int) -> list[int]:
    """The questions the candidate answered, in the order they were asked."""
    rows = db.session.execute(
        select(Message.question_id)
        .where(
            Message.session_id == session_id,
            Message.role == "candidate",
            Message.question_id.is_not(None),
        )
        .order_by(Message.seq)
    ).scalars()
    return list(dict.fromkeys(rows))


def find_flag(token: str) -> AnswerFlag | None:
    """The flag row of a link token, used or not; None for an unknown token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalars(
        select(AnswerFlag).where(AnswerFlag.token_hash == hash_token(token))
    ).first()


def link_problem(flag: AnswerFlag | None, now: datetime | None = None) -> str | None:
    """Why a flag link cannot be used: unknown, used or expired; None when it can."""
    if flag is None:
        return "unknown"
    if flag.flagged_at is not None:
        return "used"
    if flag.expires_at <= (now or utcnow()):
        return "expired"
    return None


def file_flag(
    flag: AnswerFlag, reason: str, comment: str, now: datetime | None = None
) -> bool:
    """Record the candidate's flag if the link is still unused and valid (one
    conditional UPDATE: two submissions never both land). True when it did."""
    now = now or utcnow()
    result = db.session.execute(
        update(AnswerFlag)
        .where(
            AnswerFlag.id == flag.id,
            AnswerFlag.flagged_at.is_(None),
            AnswerFlag.expires_at > now,
        )
        .values(reason=reason, comment=comment, flagged_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(flag)
    return result.rowcount == 1


def answer_context(flag: AnswerFlag) -> dict:
    """The question and the candidate's own words for the flag page."""
    question = db.session.get(Question, flag.question_id)
    answers = db.session.scalars(
        select(Message.content)
        .where(
            Message.session_id == flag.session_id,
            Message.question_id == flag.question_id,
            Message.role == "candidate",
        )
        .order_by(Message.seq)
    ).all()
    return {"question": question, "answers": answers}


def session_flags(session_id: int) -> list[AnswerFlag]:
    """The flags the candidate filed on a session, in question order of filing."""
    return db.session.scalars(
        select(AnswerFlag)
        .where(AnswerFlag.session_id == session_id, AnswerFlag.flagged_at.is_not(None))
        .order_by(AnswerFlag.flagged_at)
    ).all()


def flags_by_question(session_id: int) -> dict[int, AnswerFlag]:
    """Filed flags keyed by question id (for the report's answers)."""
    return {flag.question_id: flag for flag in session_flags(session_id)}


def open_flags(session_id: int) -> list[AnswerFlag]:
    """Filed flags no recruiter has acknowledged yet."""
    return [flag for flag in session_flags(session_id) if flag.is_open]


def acknowledge(flags: list[AnswerFlag], actor: User) -> list[dict]:
    """Mark flags acknowledged by the actor (flushes); what the audit event keeps."""
    now = utcnow()
    for flag in flags:
        flag.acknowledged_at = now
        flag.acknowledged_by_id = actor.id
    db.session.flush()
    return [
        {"flag_id": flag.id, "question_id": flag.question_id, "reason": flag.reason}
        for flag in flags
    ]


def acknowledge_for_stage(
    actor: User, session_id: int, stage: str, confirmed: bool
) -> list[dict]:
    """A rejection must acknowledge the candidate's open flags (422 without): marks
    them acknowledged (flushes) and returns what the audit event keeps."""
    if stage != "reject":
        return []
    pending = open_flags(session_id)
    if not pending:
        return []
    if not confirmed:
        many = len(pending) > 1
        raise ValidationError(
            details={
                "acknowledge_flags": [
                    f"The candidate flagged {len(pending)} answer{'s' if many else ''}"
                    ": read the flags and confirm that you did, to reject."
                ]
            }
        )
    return acknowledge(pending, actor)
