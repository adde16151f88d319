"""Where an interview stands: its planned questions, its deadline (none when
untimed), and the progress the page shows (question n of m, time left)."""

from datetime import datetime, timedelta

from app.extensions import db
from app.models import Interview, InterviewSession, Question


def approved_questions(interview: Interview) -> list[Question]:
    """The planned questions, in order."""
    return [q for q in interview.questions if q.approved]


def deadline(session: InterviewSession, interview: Interview) -> datetime | None:
    """When the interview's time limit is reached (None: untimed)."""
    if interview.untimed:
        return None
    return session.started_at + timedelta(minutes=interview.time_limit_minutes)


def progress(
    status: str,
    phase: str,
    questions: list[Question],
    current: Question | None,
    ends_at: datetime | None,
) -> dict:
    """Where the interview stands, as the page shows it."""
    current_id = current.id if current is not None else None
    index = next((i for i, q in enumerate(questions) if q.id == current_id), None)
    return {
        "status": status,
        "phase": phase,
        "question_index": (index + 1) if index is not None else 0,
        "question_count": len(questions),
        "deadline": ends_at.isoformat() if ends_at else None,
    }


def session_progress(session: InterviewSession) -> dict:
    """Where a session stands (for a page connecting or resuming)."""
    interview = db.session.get(Interview, session.interview_id)
    questions = approved_questions(interview)
    current = next((q for q in questions if q.id == session.current_question_id), None)
    return {
        **progress(
            session.status,
            session.phase,
            questions,
            current,
            deadline(session, interview),
        ),
        "answer_held": session.answer_held,
    }
