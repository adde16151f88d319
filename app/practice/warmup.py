"""A warm-up for invited candidates: two questions of the practice bank, on the track
closest to the interview's role, before the real interview.

Nothing of it is stored: the questions are chosen afresh from the invitation (the same
two every time), the answers are shown back next to what a strong answer covers and
then forgotten. So it needs no account, leaves the invitation as it was (not opened,
started or consumed), is scored by nobody, never reaches the recruiter and never
counts in analytics.
"""

import re

from app.models import BankQuestion, Interview
from app.practice import bank, selection

QUESTIONS = 2
# The role's words that point to a track, checked in this order (the first wins).
TRACK_WORDS = (
    (
        "product_management",
        r"product (manager|owner|management)|\bpm\b|program manager",
    ),
    ("data_science", r"\bdata\b|analyt|machine learning|\bml\b|scientist|statistic"),
    ("frontend", r"front[- ]?end|\bui\b|react|angular|\bvue\b|web developer|mobile"),
    (
        "backend",
        r"back[- ]?end|\bapi\b|platform|infrastructure|devops|\bsre\b|reliability"
        r"|payments|server",
    ),
    ("swe", r"engineer|developer|programmer|software|\bswe\b"),
)
JUNIOR = ("intern", "junior")


def closest_track(interview: Interview) -> str:
    """The practice track nearest the interview's role (title, then skills and job
    description); behavioural questions when nothing technical matches."""
    for text in (
        interview.role_title,
        " ".join(interview.skills or []),
        interview.job_description or "",
    ):
        lowered = text.lower()
        for track, pattern in TRACK_WORDS:
            if re.search(pattern, lowered):
                if track == "swe":
                    junior = interview.seniority in JUNIOR
                    return "swe_new_grad" if junior else "swe_experienced"
                return track
    return "behavioral"


def warmup_difficulty(interview: Interview) -> str:
    """A warm-up is light: easy for interns and juniors, medium otherwise."""
    return "easy" if interview.seniority in JUNIOR else "medium"


def _choose(candidates: list[BankQuestion], seed: str, previous=None):
    return selection.choose(
        candidates,
        previous_tag=previous.main_tag if previous else None,
        used_tags={previous.main_tag} if previous else set(),
        last_seen={},
        seed=seed,
    )


def warmup_questions(interview: Interview, seed: str) -> list[BankQuestion]:
    """The warm-up's questions for this seed (the same ones every time): a light
    opener, then one question of the closest track at a gentle difficulty."""
    bank.ensure_loaded()
    track = closest_track(interview)
    openers = [
        q
        for t in (track, "behavioral")
        for q in selection.cell_questions(t, "general", "easy", kinds=("warmup",))
    ]
    opener = _choose(openers, f"{seed}:opener")
    main = None
    for cell in selection.fallback_cells(
        track, "general", warmup_difficulty(interview)
    ):
        kinds = selection.main_kinds(track)
        main = _choose(
            selection.cell_questions(*cell, kinds=kinds), f"{seed}:main", opener
        )
        if main is not None:
            break
    return [q for q in (opener, main) if q is not None][:QUESTIONS]
