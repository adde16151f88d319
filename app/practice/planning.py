"""A practice session's question plan: the warm-up, then main questions chosen one at
a time (app/practice/selection.py), each recorded as seen for the candidate."""

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import BankQuestion, PracticeSession, SeenQuestion, User, utcnow
from app.models.practice import PRACTICE_DIFFICULTIES
from app.practice import selection


def _main_plan(practice: PracticeSession) -> list[dict]:
    return [item for item in practice.plan if item["kind"] != "warmup"]


def pick_main(practice: PracticeSession, user: User) -> BankQuestion | None:
    """The next main question for the session at its current difficulty."""
    planned = {item["bank_id"] for item in practice.plan}
    main = _main_plan(practice)
    previous_tag = main[-1]["main_tag"] if main else None
    used = {item["main_tag"] for item in main}
    last_seen = selection.seen_times(user)
    kinds = selection.main_kinds(practice.track)
    for track, company, difficulty in selection.fallback_cells(
        practice.track, practice.company, practice.current_difficulty
    ):
        candidates = [
            q
            for q in selection.cell_questions(track, company, difficulty, kinds=kinds)
            if q.id not in planned
        ]
        chosen = selection.choose(
            candidates,
            previous_tag=previous_tag,
            used_tags=used,
            last_seen=last_seen,
            seed=f"{practice.id}:{len(practice.plan)}",
        )
        if chosen is not None:
            return chosen
    return None


def pick_warmup(practice: PracticeSession, user: User) -> BankQuestion | None:
    """A light behavioural opener in the session's company style."""
    last_seen = selection.seen_times(user)
    for track in (practice.track, "behavioral"):
        for company in (practice.company, "general"):
            candidates = [
                q
                for d in PRACTICE_DIFFICULTIES
                for q in selection.cell_questions(track, company, d, kinds=("warmup",))
            ]
            chosen = selection.choose(
                candidates,
                previous_tag=None,
                used_tags=set(),
                last_seen=last_seen,
                seed=f"{practice.id}:warmup",
            )
            if chosen is not None:
                return chosen
    return None


def next_question(practice: PracticeSession, current, answer: str):
    """The bank question to append after `current` was answered, or None when the
    session has all its main questions."""
    if len(_main_plan(practice)) >= practice.length:
        return None
    if (
        practice.difficulty == "adaptive"
        and current is not None
        and current.kind != ("warmup")
    ):
        strength = selection.answer_strength(answer, list(current.key_points))
        practice.current_difficulty = selection.next_difficulty(
            practice.current_difficulty, strength
        )
    return pick_main(practice, practice.user)


def record_planned(practice: PracticeSession, bank: BankQuestion, question) -> None:
    """Add a question to the plan and mark it seen by the candidate."""
    practice.plan = [
        *practice.plan,
        {
            "bank_id": bank.id,
            "question_id": question.id,
            "difficulty": bank.difficulty,
            "main_tag": bank.main_tag,
            "kind": bank.kind,
        },
    ]
    mark_seen(practice.user_id, bank.id)


def mark_seen(user_id: int, bank_id: str) -> None:
    """Record that the user was asked this question (one row per user and question;
    a concurrent insert updates instead of failing)."""
    now = utcnow()
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    table = SeenQuestion.__table__
    statement = dialect.insert(table).values(
        user_id=user_id,
        bank_question_id=bank_id,
        times_seen=1,
        first_seen_at=now,
        last_seen_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "bank_question_id"],
        set_={"times_seen": table.c.times_seen + 1, "last_seen_at": now},
    )
    db.session.execute(statement)


def seen_count(user_id: int) -> int:
    """How many distinct bank questions the user has been asked."""
    return db.session.scalar(
        select(func.count(SeenQuestion.id)).where(SeenQuestion.user_id == user_id)
    )
