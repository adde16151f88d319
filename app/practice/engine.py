"""Practice on the live interview engine.

Starting a practice session creates, for the candidate alone, a private interview
(under their own "Practice" product, which no recruiter can see), its first questions
and a consented invitation, then the engine's InterviewSession. Each stored answer
reaches `extend_plan` (registered in app.live.answers.ANSWER_HOOKS), which appends the
next question when none is planned after the one answered: questions are chosen one at
a time, from the answers so far, and committed with the answer.
"""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.invitations.tokens import new_link_token
from app.live import answers, conductor, endings
from app.models import (
    BankQuestion,
    Interview,
    InterviewSession,
    Invitation,
    PracticeSession,
    Product,
    Question,
    User,
    utcnow,
)
from app.models.practice import TRACK_LABELS
from app.practice import feedback, planning
from app.practice.upsert import insert_ignoring_duplicates

PRODUCT_NAME = "Practice"
UNTIMED_MINUTES = 240  # kept on the row (it must hold a limit), unused: untimed
COMPANY_NAMES = {
    "general": "Viva practice",
    "amazon": "Amazon-style practice",
    "google": "Google-style practice",
    "apple": "Apple-style practice",
    "microsoft": "Microsoft-style practice",
    "meta": "Meta-style practice",
}


def practice_product(user: User) -> Product:
    """The candidate's own practice product, created once (race-safe)."""
    now = utcnow()
    insert_ignoring_duplicates(
        Product,
        {
            "owner_id": user.id,
            "name": PRODUCT_NAME,
            "description": "Practice interviews.",
            "archived_at": now,
            "created_at": now,
            "updated_at": now,
        },
        ["owner_id", "name"],
    )
    return db.session.scalars(
        select(Product).where(Product.owner_id == user.id, Product.name == PRODUCT_NAME)
    ).one()


def engine_question(practice: PracticeSession, bank: BankQuestion, position: int):
    """The bank question as a question of the session's private interview."""
    return Question(
        position=position,
        kind=bank.kind,
        difficulty=bank.difficulty,
        text=bank.text,
        skills=list(bank.tags),
        key_points=list(bank.key_points),
        model_answer="\n".join(bank.model_answer),
        follow_up_budget=1,
        source="bank",
        approved=True,
    )


def open_interview(
    practice: PracticeSession, user: User, first: list[BankQuestion]
) -> InterviewSession:
    """Create the private interview with its first questions, and its session."""
    product = practice_product(user)
    interview = Interview(
        product_id=product.id,
        role_title=f"{TRACK_LABELS[practice.track]} practice",
        job_description=practice.job_description,
        seniority="mid",
        persona_name="Alex",
        persona_tone="encouraging and professional",
        extra_instructions=f"A practice interview in the style of "
        f"{COMPANY_NAMES[practice.company]}. Keep follow-ups short and supportive.",
        time_limit_minutes=UNTIMED_MINUTES,
        untimed=True,
        practice=True,
        follow_up_depth=1,
        status="active",
        activated_at=utcnow(),
    )
    interview.questions = [
        engine_question(practice, bank, position) for position, bank in enumerate(first)
    ]
    db.session.add(interview)
    db.session.flush()
    _token, token_hash = new_link_token()
    invitation = Invitation(
        interview_id=interview.id,
        created_by_id=user.id,
        email=user.email,
        name=user.full_name,
        token_hash=token_hash,
        status="started",
        expires_at=utcnow() + timedelta(days=30),
        consented_at=utcnow(),
    )
    db.session.add(invitation)
    db.session.flush()
    return conductor.start_session(invitation)


def practice_for(session: InterviewSession) -> PracticeSession | None:
    """The practice session running on this engine session, if any."""
    return db.session.scalars(
        select(PracticeSession).where(
            PracticeSession.interview_session_id == session.id
        )
    ).first()


def extend_plan(session: InterviewSession, answer) -> bool:
    """Conductor answer hook: once a practice question is answered and nothing is
    planned after it, append the next one (chosen from this answer)."""
    practice = practice_for(session)
    if practice is None or practice.status != "ongoing":
        return False
    interview = db.session.get(Interview, session.interview_id)
    current = (
        db.session.get(Question, answer.question_id) if answer.question_id else None
    )
    if current is None or any(
        q.position > current.position for q in interview.questions
    ):
        return False
    bank = planning.next_question(practice, current, answer.content)
    if bank is None:
        return False
    interview.questions.append(engine_question(practice, bank, current.position + 1))
    db.session.flush()
    planning.record_planned(practice, bank, interview.questions[-1])
    return True


def follow_ending(session: InterviewSession, status: str) -> None:
    """Ending hook: a practice interview ended early (completed) or left idle
    (abandoned) gets its feedback on the answers given, and the same status."""
    practice = practice_for(session)
    if practice is None or practice.status != "ongoing":
        return
    result = feedback.session_feedback(practice, session)
    practice.feedback = result
    practice.overall_score = result["overall"]
    practice.status = status
    practice.ended_at = utcnow()


def register_hooks() -> None:
    """Plug practice into the conductor (once per process)."""
    if extend_plan not in answers.ANSWER_HOOKS:
        answers.ANSWER_HOOKS.append(extend_plan)
    if follow_ending not in endings.ENDING_HOOKS:
        endings.ENDING_HOOKS.append(follow_ending)
