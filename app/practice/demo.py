"""The practising candidate of the demo: an account and a few finished sessions, run
through the real engine with the configured (by default offline) interviewer."""

from datetime import timedelta

from sqlalchemy import func, select

from app.auth import service as accounts
from app.extensions import db
from app.live.turns import run_turn
from app.models import (
    BankQuestion,
    InterviewSession,
    PracticeSession,
    Question,
    User,
    utcnow,
)
from app.practice import bank, profile, service

DEMO_CANDIDATE = {
    "email": "candidate@example.com",
    "username": "candidate",
    "password": "CandidateDemo123",
    "full_name": "Casey Candidate",
}
# (track, company, difficulty, how well the demo candidate answers: 0-1)
DEMO_SESSIONS = [
    ("backend", "general", "medium", 0.4),
    ("backend", "amazon", "adaptive", 0.7),
    ("behavioral", "google", "easy", 0.9),
]
FILLER = (
    "In my last project I handled this directly. First I looked at the data, then I "
    "talked to the people involved, and finally we agreed on a plan and measured "
    "the result, which improved by about 20%."
)


def _answer(question: Question, quality: float) -> str:
    """A demo answer that covers a share of the question's key points."""
    points = list(question.key_points)
    covered = points[: max(1, round(len(points) * quality))] if quality > 0.3 else []
    said = ". ".join(point.rstrip(".") for point in covered)
    return (
        f"{said}. {FILLER}"
        if said
        else "I am not sure; I would probably ask a colleague."
    )


def _run(user_id: int, provider, settings: tuple, days_ago: int) -> None:
    track, company, difficulty, quality = settings
    user = db.session.get(User, user_id)
    practice = service.create_session(
        user, track=track, company=company, difficulty=difficulty, length=3
    )
    engine = service.start_session(user, practice)
    practice_id, engine_id = practice.id, engine.id
    db.session.commit()
    noop = lambda event, payload: None  # noqa: E731  (no socket listens)
    run_turn(engine_id, provider, noop)
    for n in range(30):
        session = db.session.get(InterviewSession, engine_id)
        if session.status != "in_progress":
            break
        question = db.session.get(Question, session.current_question_id)
        practice = db.session.get(PracticeSession, practice_id)
        user = db.session.get(User, user_id)
        service.record_answer(user, practice, f"demo-{n}", _answer(question, quality))
        db.session.commit()
        run_turn(engine_id, provider, noop)
    practice = db.session.get(PracticeSession, practice_id)
    service.finalize_session(db.session.get(User, user_id), practice)
    # Spread the demo sessions over the last days, so the trend has a shape.
    when = utcnow() - timedelta(days=days_ago)
    practice.started_at, practice.ended_at = when - timedelta(minutes=15), when
    db.session.commit()


def seed_practice_demo(provider) -> dict:
    """The demo candidate and a few finished sessions (once; rerun-safe); commits."""
    if not db.session.scalar(select(func.count()).select_from(BankQuestion)):
        bank.load_bank()
    user = accounts.find_user_by_email(DEMO_CANDIDATE["email"])
    created = user is None
    if created:
        user = accounts.register_user(**DEMO_CANDIDATE, role="candidate")
        user.email_verified_at = utcnow()
        profile.update_profile(
            user,
            target_role="Backend engineer",
            experience_level="junior",
            preferred_tracks=["backend", "behavioral"],
        )
    user_id = user.id
    db.session.commit()
    if created:
        for days_ago, settings in zip((9, 5, 1), DEMO_SESSIONS, strict=True):
            _run(user_id, provider, settings, days_ago)
    return {"created": created, **DEMO_CANDIDATE}
