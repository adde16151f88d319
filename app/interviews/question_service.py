"""Question rules: add, edit, delete, reorder, approve, and draft with the AI provider.

Manual questions are approved on creation; drafts (source "ai" or "bank") arrive
unapproved. Only approved questions are asked. An active interview always keeps at
least one approved question: a change that would leave none is refused (409
INTERACTION_ERROR).
Positions are 0..n-1 in interview order.
"""

from sqlalchemy import select

from app.ai.drafting import draft_questions
from app.ai.providers import AIProvider, get_provider
from app.audit import record_event
from app.errors import Conflict, InteractionError
from app.extensions import db
from app.interviews.service import MAX_QUESTIONS, only_known
from app.models import Interview, Question, User
from app.ownership import get_interview, get_question
from app.pagination import paginate

EDITABLE = (
    "kind",
    "difficulty",
    "text",
    "skills",
    "key_points",
    "model_answer",
    "follow_up_budget",
    "approved",
)
LAST_APPROVED = (
    "An active interview needs at least one approved question. Approve another "
    "question first, or close the interview."
)


def list_questions(
    actor: User, interview_id: int, *, page: int = 1, per_page: int = 50
):
    """One page of an interview's questions in order: (items, meta)."""
    interview = get_interview(actor, interview_id)
    query = (
        select(Question)
        .where(Question.interview_id == interview.id)
        .order_by(Question.position, Question.id)
    )
    return paginate(query, page=page, per_page=per_page)


def _check_room(interview: Interview, adding: int = 1) -> None:
    if len(interview.questions) + adding > MAX_QUESTIONS:
        raise InteractionError(
            f"An interview holds at most {MAX_QUESTIONS} questions; this one has "
            f"{len(interview.questions)}."
        )


def _keeps_an_approved_question(interview: Interview, losing: Question) -> None:
    """Refuse a change leaving an active interview without approved questions."""
    if interview.status != "active" or not losing.approved:
        return
    if not any(q.approved for q in interview.questions if q is not losing):
        raise InteractionError(LAST_APPROVED, details={"approved": [LAST_APPROVED]})


def _renumber(interview: Interview) -> None:
    interview.questions.sort(key=lambda question: (question.position, question.id or 0))
    for position, question in enumerate(interview.questions):
        question.position = position


def add_question(actor: User, interview_id: int, **fields) -> Question:
    """Append a manual, approved question; follow-ups default to the interview's."""
    interview = get_interview(actor, interview_id)
    _check_room(interview)
    fields.setdefault("follow_up_budget", interview.follow_up_depth)
    question = Question(
        position=len(interview.questions), source="manual", approved=True, **fields
    )
    interview.questions.append(question)
    db.session.flush()
    return question


def update_question(actor: User, question_id: int, **changes) -> Question:
    """Edit a question; un-approving an active interview's last approved one fails."""
    question = get_question(actor, question_id)
    only_known(changes, EDITABLE, "editable question fields")
    if changes.get("approved") is False:
        _keeps_an_approved_question(question.interview, question)
    for name, value in changes.items():
        setattr(question, name, value)
    db.session.flush()
    return question


def delete_question(
    actor: User, question_id: int, *, origin: dict | None = None
) -> Interview:
    """Remove a question and close the gap in positions; returns its interview."""
    question = get_question(actor, question_id)
    interview = question.interview
    _keeps_an_approved_question(interview, question)
    record_event(
        "question.deleted",
        actor=actor,
        target=question,
        details={"interview_id": interview.id, "text": question.text[:200]},
        **(origin or {}),
    )
    interview.questions.remove(question)
    db.session.flush()
    _renumber(interview)
    db.session.flush()
    return interview


def approve_question(actor: User, question_id: int) -> Question:
    """Mark a draft as approved: it will be asked."""
    question = get_question(actor, question_id)
    question.approved = True
    db.session.flush()
    return question


def approve_drafts(actor: User, interview_id: int) -> list[Question]:
    """Approve every draft of an interview; returns all its questions in order."""
    interview = get_interview(actor, interview_id)
    for question in interview.questions:
        question.approved = True
    db.session.flush()
    return list(interview.questions)


def reorder_questions(
    actor: User, interview_id: int, question_ids: list[int]
) -> list[Question]:
    """Put the questions in the given order: exactly this interview's ids, once."""
    interview = get_interview(actor, interview_id)
    by_id = {question.id: question for question in interview.questions}
    missing = sorted(set(by_id) - set(question_ids))
    unknown = sorted(set(question_ids) - set(by_id))
    if missing or unknown or len(question_ids) != len(by_id):
        raise Conflict(
            "The list must contain each of this interview's questions exactly once. "
            "Reload the page to see the current questions.",
            details={"missing": missing, "unknown": unknown},
        )
    for position, question_id in enumerate(question_ids):
        by_id[question_id].position = position
    _renumber(interview)
    db.session.flush()
    return list(interview.questions)


def move_question(actor: User, question_id: int, direction: str) -> Question:
    """Swap a question with its neighbour ("up" or "down"); at the ends: no change."""
    question = get_question(actor, question_id)
    interview = question.interview
    _renumber(interview)
    index = interview.questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if direction in ("up", "down") and 0 <= other < len(interview.questions):
        neighbour = interview.questions[other]
        question.position, neighbour.position = neighbour.position, question.position
        _renumber(interview)
    db.session.flush()
    return question


def generate_questions(
    actor: User, interview_id: int, count: int, *, provider: AIProvider | None = None
) -> list[Question]:
    """Draft `count` questions with the AI provider and append them, unapproved."""
    interview = get_interview(actor, interview_id)
    room = MAX_QUESTIONS - len(interview.questions)
    if room <= 0:
        _check_room(interview)
    provider = provider or get_provider()
    drafts = draft_questions(interview, min(count, room), provider)
    created = []
    for draft in drafts:
        question = Question(
            position=len(interview.questions),
            kind=draft["kind"],
            difficulty=draft["difficulty"],
            text=draft["text"],
            skills=draft["skills"],
            key_points=draft["key_points"],
            follow_up_budget=interview.follow_up_depth,
            source=draft["source"],
            approved=False,
        )
        interview.questions.append(question)
        created.append(question)
    db.session.flush()
    return created
