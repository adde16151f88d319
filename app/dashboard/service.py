"""What needs a recruiter's attention, over the interviews they may see.

Each list is one query, newest or most urgent first, capped at SHOWN items with the
full count beside it: candidates' flagged answers and requests for a person, new
results to review, applications waiting for review, invitations about to expire
unanswered, the next meetings, and each active interview's funnel in one line.
"""

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AnswerFlag,
    Application,
    Interview,
    InterviewSession,
    Invitation,
    Meeting,
    ReviewRequest,
    User,
    utcnow,
)
from app.ownership import visible_applications, visible_interviews, visible_meetings

SHOWN = 5
EXPIRING_WITHIN = timedelta(days=2)
WAITING = ("sent", "opened")


def _interview_ids(user: User):
    return visible_interviews(user).with_only_columns(Interview.id)


def _listed(statement) -> dict:
    """The first SHOWN rows of a select() and how many there are in all."""
    # One query: the window count is taken over every row before the LIMIT.
    rows = db.session.execute(
        statement.add_columns(func.count().over().label("total")).limit(SHOWN)
    ).all()
    return {"rows": [row[0] for row in rows], "total": rows[0][-1] if rows else 0}


def new_results(user: User) -> dict:
    """Scored sessions no recruiter has opened yet, newest first."""
    return _listed(
        select(InterviewSession)
        .where(
            InterviewSession.interview_id.in_(_interview_ids(user)),
            InterviewSession.scored_at.is_not(None),
            InterviewSession.reviewed_at.is_(None),
        )
        .order_by(InterviewSession.scored_at.desc(), InterviewSession.id.desc())
    )


def open_requests(user: User) -> dict:
    """Candidates' requests for a person that nobody has answered, oldest first."""
    return _listed(
        select(ReviewRequest)
        .join(Invitation, ReviewRequest.invitation_id == Invitation.id)
        .where(
            Invitation.interview_id.in_(_interview_ids(user)),
            ReviewRequest.status == "open",
        )
        .order_by(ReviewRequest.created_at, ReviewRequest.id)
    )


def flagged_sessions(user: User) -> dict:
    """Sessions with answers their candidate flagged and nobody acknowledged yet."""
    flagged = (
        select(AnswerFlag.session_id)
        .where(AnswerFlag.flagged_at.is_not(None), AnswerFlag.acknowledged_at.is_(None))
        .distinct()
    )
    return _listed(
        select(InterviewSession)
        .where(
            InterviewSession.interview_id.in_(_interview_ids(user)),
            InterviewSession.id.in_(flagged),
        )
        .order_by(InterviewSession.id.desc())
    )


def waiting_applications(user: User) -> dict:
    """Applications nobody has looked at yet (stage "applied"), best match first."""
    return _listed(
        visible_applications(user)
        .where(Application.stage == "applied")
        .order_by(Application.match_score.desc().nulls_last(), Application.id)
    )


def expiring_invitations(user: User, now=None) -> dict:
    """Invitations not started whose link expires within two days, soonest first."""
    now = now or utcnow()
    started = select(InterviewSession.invitation_id).where(
        InterviewSession.invitation_id.is_not(None)
    )
    return _listed(
        select(Invitation)
        .where(
            Invitation.interview_id.in_(_interview_ids(user)),
            Invitation.status.in_(WAITING),
            Invitation.expires_at > now,
            Invitation.expires_at <= now + EXPIRING_WITHIN,
            Invitation.id.not_in(started),
        )
        .order_by(Invitation.expires_at, Invitation.id)
    )


def upcoming_meetings(user: User, now=None) -> dict:
    now = now or utcnow()
    return _listed(
        visible_meetings(user)
        .where(Meeting.status == "scheduled", Meeting.starts_at >= now)
        .order_by(Meeting.starts_at, Meeting.id)
    )


def interview_funnels(user: User) -> list[dict]:
    """Each active interview with invited, started, completed and to-review counts."""
    interviews = list(
        db.session.scalars(
            visible_interviews(user)
            .where(Interview.status == "active")
            .order_by(Interview.activated_at.desc(), Interview.id.desc())
            .limit(20)
        )
    )
    ids = [interview.id for interview in interviews]
    invited = dict(
        db.session.execute(
            select(Invitation.interview_id, func.count())
            .where(Invitation.interview_id.in_(ids))
            .group_by(Invitation.interview_id)
        ).all()
    )
    session = InterviewSession
    sessions = {
        row[0]: row[1:]
        for row in db.session.execute(
            select(
                session.interview_id,
                func.count(session.id),
                func.count(session.id).filter(session.status == "completed"),
                func.count(session.id).filter(
                    session.scored_at.is_not(None), session.reviewed_at.is_(None)
                ),
            )
            .where(session.interview_id.in_(ids))
            .group_by(session.interview_id)
        )
    }
    return [
        {
            "interview": interview,
            "invited": invited.get(interview.id, 0),
            "started": sessions.get(interview.id, (0, 0, 0))[0],
            "completed": sessions.get(interview.id, (0, 0, 0))[1],
            "to_review": sessions.get(interview.id, (0, 0, 0))[2],
        }
        for interview in interviews
    ]


def attention(user: User) -> dict:
    """Everything the home page shows."""
    return {
        "requests": open_requests(user),
        "flagged": flagged_sessions(user),
        "applications": waiting_applications(user),
        "results": new_results(user),
        "expiring": expiring_invitations(user),
        "meetings": upcoming_meetings(user),
        "interviews": interview_funnels(user),
    }
