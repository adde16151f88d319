"""Quality of an opening's AI interviews: how many candidates finished, how long they
took, how they rated it, and where the others stopped.

Counted over the sessions of invitations sent from the opening's applications (moving
an applicant to "interview scheduled"), so an interview shared with direct invitations
is measured for this opening alone. Per interview, app/analytics shows the same
figures for every invitation.
"""

from statistics import median

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import (
    EXPERIENCE_RATINGS,
    Application,
    ExperienceRating,
    InterviewSession,
    Opening,
)

UNFINISHED = ("abandoned", "in_progress")


def _sessions(opening_id: int):
    """The opening's interview sessions: (id, status, seconds or None, question id)."""
    statement = (
        select(
            InterviewSession.id,
            InterviewSession.status,
            InterviewSession.started_at,
            InterviewSession.ended_at,
            InterviewSession.current_question_id,
        )
        .join(Application, Application.invitation_id == InterviewSession.invitation_id)
        .where(Application.opening_id == opening_id)
    )
    return db.session.execute(statement).all()


def _ratings(session_ids: list[int]) -> dict:
    counts = dict.fromkeys(EXPERIENCE_RATINGS, 0)
    comments = 0
    if session_ids:
        statement = (
            select(
                ExperienceRating.rating,
                func.count(),
                func.sum(case((ExperienceRating.comment != "", 1), else_=0)),
            )
            .where(ExperienceRating.session_id.in_(session_ids))
            .group_by(ExperienceRating.rating)
        )
        for rating, count, with_comment in db.session.execute(statement):
            counts[rating] = count
            comments += int(with_comment or 0)
    rated = sum(counts.values())
    good_rate = round(counts["good"] / rated, 4) if rated else None
    return {**counts, "rated": rated, "comments": comments, "good_rate": good_rate}


def _drop_off(opening: Opening, rows) -> tuple[list[dict], dict]:
    """Per question of the opening's interview: sessions that reached it and that
    stopped there (abandoned or still in progress); and those stopped before the
    first question."""
    questions = list(opening.interview.questions) if opening.interview else []
    position = {question.id: number for number, question in enumerate(questions, 1)}
    before = dict.fromkeys(UNFINISHED, 0)
    table = [
        {
            "question_id": question.id,
            "number": number,
            "text": question.text,
            "reached": 0,
            "stopped": 0,
            **dict.fromkeys(UNFINISHED, 0),
        }
        for number, question in enumerate(questions, 1)
    ]
    for _id, status, _start, _end, question_id in rows:
        if status == "completed":
            reached = len(questions)
        elif question_id in position:
            reached = position[question_id]
            row = table[reached - 1]
            row["stopped"] += 1
            row[status] += 1
        else:
            if question_id is None:
                before[status] += 1
            continue
        for row in table[:reached]:
            row["reached"] += 1
    return table, before


def opening_quality(opening: Opening) -> dict:
    """Completion, median duration, candidates' ratings and drop-off by question."""
    rows = _sessions(opening.id)
    by_status = {"completed": 0, "abandoned": 0, "in_progress": 0}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
    durations = [
        (row.ended_at - row.started_at).total_seconds()
        for row in rows
        if row.status == "completed" and row.ended_at and row.started_at
    ]
    invited = db.session.scalar(
        select(func.count(Application.id)).where(
            Application.opening_id == opening.id, Application.invitation_id.is_not(None)
        )
    )
    started = len(rows)
    questions, before = _drop_off(opening, rows)
    return {
        "opening_id": opening.id,
        "interview_id": opening.interview_id,
        "invited": invited or 0,
        "started": started,
        **by_status,
        "completion_rate": round(by_status["completed"] / started, 4)
        if started
        else None,
        "median_duration_seconds": round(median(durations), 1) if durations else None,
        "ratings": _ratings([row.id for row in rows]),
        "drop_off": questions,
        "stopped_before_first_question": before,
    }
