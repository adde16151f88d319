"""What a candidate is waiting for, for the badges in candidate lists: open flags on
their answers and unanswered requests for a person. Two queries per page of rows."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import AnswerFlag, InterviewSession, ReviewRequest


def pending_for(sessions: list[InterviewSession]) -> dict[int, dict]:
    """{session_id: {"flags": n, "requests": n}} for the sessions with anything open."""
    if not sessions:
        return {}
    by_invitation = {s.invitation_id: s.id for s in sessions}
    flags = db.session.execute(
        select(AnswerFlag.session_id, func.count())
        .where(
            AnswerFlag.session_id.in_([s.id for s in sessions]),
            AnswerFlag.flagged_at.is_not(None),
            AnswerFlag.acknowledged_at.is_(None),
        )
        .group_by(AnswerFlag.session_id)
    ).all()
    requests = db.session.execute(
        select(ReviewRequest.invitation_id, func.count())
        .where(
            ReviewRequest.invitation_id.in_(list(by_invitation)),
            ReviewRequest.status == "open",
        )
        .group_by(ReviewRequest.invitation_id)
    ).all()
    pending: dict[int, dict] = {}
    for session_id, count in flags:
        pending.setdefault(session_id, {"flags": 0, "requests": 0})["flags"] = count
    for invitation_id, count in requests:
        item = pending.setdefault(
            by_invitation[invitation_id], {"flags": 0, "requests": 0}
        )
        item["requests"] = count
    return pending
