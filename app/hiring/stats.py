"""Job statistics for a recruiter: openings by status, applications per opening and
stage, conversion between stages, and time from applying to the AI interview."""

from statistics import median

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    APPLICATION_STAGES,
    OPENING_STATUSES,
    Application,
    InterviewSession,
    Opening,
    User,
)
from app.ownership import visible_openings


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


def job_stats(user: User) -> dict:
    """Every figure of GET /api/v1/jobs/stats for the openings this user may see."""
    openings = visible_openings(user).subquery()
    by_status = dict.fromkeys(OPENING_STATUSES, 0)
    for status, count in db.session.execute(
        select(openings.c.status, func.count()).group_by(openings.c.status)
    ):
        by_status[status] = count
    rows = db.session.execute(
        select(
            Opening.id,
            Opening.title,
            Opening.status,
            Application.stage,
            func.count(Application.id),
        )
        .join(openings, openings.c.id == Opening.id)
        .outerjoin(Application, Application.opening_id == Opening.id)
        .group_by(Opening.id, Opening.title, Opening.status, Application.stage)
        .order_by(Opening.id)
    ).all()
    per_opening: dict[int, dict] = {}
    for opening_id, title, status, stage, count in rows:
        entry = per_opening.setdefault(
            opening_id,
            {
                "opening_id": opening_id,
                "title": title,
                "status": status,
                "total": 0,
                "stages": dict.fromkeys(APPLICATION_STAGES, 0),
            },
        )
        if stage is not None:
            entry["stages"][stage] = count
            entry["total"] += count
    return {
        "openings_by_status": by_status,
        "applications": list(per_opening.values()),
        "conversion": _conversion(openings),
        "time_to_first_interview": _time_to_interview(openings),
    }


def _conversion(openings) -> dict:
    """How many got past each step, as counts and rates."""
    applications = select(Application).join(
        openings, openings.c.id == Application.opening_id
    )
    sub = applications.subquery()
    applied = db.session.scalar(select(func.count()).select_from(sub))
    reviewed = db.session.scalar(
        select(func.count()).select_from(sub).where(sub.c.reviewed_at.is_not(None))
    )
    interviewed = db.session.scalar(
        select(func.count())
        .select_from(sub)
        .where(sub.c.interview_scheduled_at.is_not(None))
    )
    selected = db.session.scalar(
        select(func.count()).select_from(sub).where(sub.c.stage == "selected")
    )
    return {
        "applied": applied,
        "reviewed": reviewed,
        "interview_scheduled": interviewed,
        "selected": selected,
        "applied_to_review": _rate(reviewed, applied),
        "review_to_interview": _rate(interviewed, reviewed),
        "interview_to_selected": _rate(selected, interviewed),
    }


def _time_to_interview(openings) -> dict:
    """Hours from applying to starting the AI interview (median), over those who
    started one."""
    rows = db.session.execute(
        select(Application.created_at, InterviewSession.started_at)
        .join(openings, openings.c.id == Application.opening_id)
        .join(
            InterviewSession,
            InterviewSession.invitation_id == Application.invitation_id,
        )
        .where(InterviewSession.started_at.is_not(None))
    ).all()
    hours = [
        (started - applied).total_seconds() / 3600
        for applied, started in rows
        if started >= applied
    ]
    return {
        "count": len(hours),
        "median_hours": round(median(hours), 1) if hours else None,
    }
