"""Which bank question a practice session asks next.

Rules: adaptive difficulty (a strong answer raises the next question's difficulty, a
weak one lowers it); tag diversity (never two consecutive questions with the same main
tag when another is available, and tags this session has not used yet first); no
question the candidate saw in an earlier session until the cell is exhausted, then the
least recently seen. Ties are broken by a seeded random draw, so a session is
reproducible and two sessions differ.
"""

import random
import re

from sqlalchemy import select

from app.extensions import db
from app.models import BankQuestion, SeenQuestion, User
from app.models.practice import PRACTICE_DIFFICULTIES

STRONG_WORDS, WEAK_WORDS = 50, 20
STRONG_COVERAGE, WEAK_COVERAGE = 0.5, 0.25
STOP = {"that", "this", "with", "from", "your", "what", "have", "they", "when", "into"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9+#]{4,}", text.lower()) if w not in STOP}


def answer_strength(answer: str, key_points: list[str]) -> str:
    """ "strong", "weak" or "steady": how an answer covered a question's key points."""
    words = _words(answer)
    count = len(answer.split())
    covered = sum(1 for point in key_points if _words(point) & words)
    coverage = covered / len(key_points) if key_points else 0.0
    if count >= STRONG_WORDS and coverage >= STRONG_COVERAGE:
        return "strong"
    if count < WEAK_WORDS or coverage < WEAK_COVERAGE:
        return "weak"
    return "steady"


def next_difficulty(current: str, strength: str) -> str:
    """One step up after a strong answer, one down after a weak one, within range."""
    index = PRACTICE_DIFFICULTIES.index(current)
    if strength == "strong":
        index = min(index + 1, len(PRACTICE_DIFFICULTIES) - 1)
    elif strength == "weak":
        index = max(index - 1, 0)
    return PRACTICE_DIFFICULTIES[index]


def choose(
    candidates: list[BankQuestion],
    *,
    previous_tag: str | None,
    used_tags: set[str],
    last_seen: dict,
    seed: str,
) -> BankQuestion | None:
    """The best candidate: unseen first (else least recently seen), not the previous
    main tag, unused tags first, then a seeded random pick."""
    if not candidates:
        return None
    unseen = [q for q in candidates if q.id not in last_seen]
    if unseen:
        pool = unseen
    else:
        oldest = min(last_seen[q.id] for q in candidates)
        pool = [q for q in candidates if last_seen[q.id] == oldest]
    varied = [q for q in pool if q.main_tag != previous_tag] or pool
    fresh = [q for q in varied if q.main_tag not in used_tags] or varied
    fresh.sort(key=lambda q: q.id)
    return random.Random(seed).choice(fresh)


def seen_times(user: User) -> dict[str, object]:
    """When the user last saw each bank question they have seen."""
    rows = db.session.execute(
        select(SeenQuestion.bank_question_id, SeenQuestion.last_seen_at).where(
            SeenQuestion.user_id == user.id
        )
    )
    return dict(rows.all())


def cell_questions(
    track: str, company: str, difficulty: str, *, kinds: tuple[str, ...]
) -> list[BankQuestion]:
    """Active questions of a cell of the given kinds."""
    return list(
        db.session.scalars(
            select(BankQuestion).where(
                BankQuestion.track == track,
                BankQuestion.company == company,
                BankQuestion.difficulty == difficulty,
                BankQuestion.kind.in_(kinds),
                BankQuestion.retired.is_(False),
            )
        )
    )


def main_kinds(track: str) -> tuple[str, ...]:
    """Kinds of main questions: the behavioural track asks no technical ones."""
    if track == "behavioral":
        return ("behavioral", "situational")
    return ("technical", "behavioral", "situational")


def fallback_cells(track: str, company: str, difficulty: str) -> list[tuple]:
    """Where to look, in order: the cell, the same style at other difficulties (nearest
    first), then the general style."""
    order = sorted(
        PRACTICE_DIFFICULTIES,
        key=lambda d: abs(
            PRACTICE_DIFFICULTIES.index(d) - PRACTICE_DIFFICULTIES.index(difficulty)
        ),
    )
    cells = [(track, company, d) for d in order]
    if company != "general":
        cells += [(track, "general", d) for d in order]
    return cells
