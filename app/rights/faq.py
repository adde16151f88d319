"""What an interview tells its candidates: its FAQ (question and answer pairs the
recruiter writes) and whether candidates get a feedback report.

The settings live in their own row (interview_candidate_settings); an interview
without one has no FAQ and no feedback report.
"""

import re

from app.extensions import db
from app.models import CandidateSettings

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


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]{3,}", text.lower())}
