"""What an interview tells its candidates: its FAQ (question and answer pairs the
recruiter writes) and whether candidates get a feedback report.

The settings live in their own row (interview_candidate_settings); an interview
without one has no FAQ and no feedback report.
"""

from app.audit import record_event
from app.extensions import db
from app.models import CandidateSettings, Interview, User
from app.ownership import get_interview
from app.upsert import insert_once

# Words that say a question is about what comes after the interview.
NEXT_STEP_WORDS = ("next", "hear back", "timeline", "after the interview", "happens")


def settings_for(interview_id: int) -> CandidateSettings | None:
    """The interview's candidate settings row, or None (the defaults)."""
    return db.session.get(CandidateSettings, interview_id)


def faq_for(interview_id: int) -> list[dict]:
    """The interview's FAQ: [{"question", "answer"}] in the recruiter's order."""
    settings = settings_for(interview_id)
    return list(settings.faq) if settings is not None else []


def next_steps_answer(interview_id: int) -> str | None:
    """The FAQ's answer about what happens next, if the recruiter wrote one."""
    for item in faq_for(interview_id):
        question = item["question"].lower()
        if any(word in question for word in NEXT_STEP_WORDS):
            return item["answer"]
    return None


def read_settings(actor: User, interview_id: int) -> tuple[Interview, dict]:
    """An interview the actor may see and its candidate settings (defaults if none)."""
    interview = get_interview(actor, interview_id)
    settings = settings_for(interview.id)
    return interview, {
        "faq": list(settings.faq) if settings else [],
        "feedback_report": bool(settings.feedback_report) if settings else False,
    }


def save_settings(
    actor: User,
    interview_id: int,
    faq: list[dict],
    feedback_report: bool,
    *,
    origin: dict | None = None,
) -> dict:
    """Replace an interview's FAQ and feedback setting (flushes); audited."""
    interview = get_interview(actor, interview_id)
    insert_once(CandidateSettings, {"interview_id": interview.id}, ["interview_id"])
    settings = db.session.get(CandidateSettings, interview.id)
    settings.faq = [{"question": i["question"], "answer": i["answer"]} for i in faq]
    settings.feedback_report = feedback_report
    record_event(
        "interview.candidate_settings_changed",
        actor=actor,
        target=interview,
        details={"faq_items": len(faq), "feedback_report": feedback_report},
        **(origin or {}),
    )
    db.session.flush()
    return {"faq": settings.faq, "feedback_report": settings.feedback_report}
