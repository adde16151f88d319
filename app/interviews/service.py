"""Interview rules: create, edit, activate, close, duplicate, delete.

Status: draft -> active (needs an approved question) -> closed -> active again (reopen).
Only active interviews accept candidates; closing keeps every record. Drafts can be
deleted; active and closed interviews cannot (they may hold candidates' results): close
them instead. State rules that refuse an action answer 409 INTERACTION_ERROR.

Services take the acting user, look records up through app.ownership (others' records
are NotFound), flush but never commit, and never touch the request.
"""

from copy import deepcopy

from sqlalchemy import func, select

from app.audit import record_event
from app.calibration.service import check_activation
from app.errors import InteractionError, ValidationError
from app.extensions import db
from app.interviews.rubrics import record_rubric_version, role_rubric
from app.models import (
    Interview,
    InterviewSession,
    Invitation,
    Question,
    User,
    utcnow,
)
from app.ownership import get_interview, get_product
from app.pagination import paginate

MAX_QUESTIONS = 50
MAX_DRAFT_COUNT = 10
SETTINGS = (
    "role_title",
    "job_description",
    "seniority",
    "skills",
    "language",
    "persona_name",
    "persona_tone",
    "extra_instructions",
    "time_limit_minutes",
    "untimed",
    "follow_up_depth",
    "rubric",
    "advance_threshold",
    "consider_threshold",
    "invite_expiry_days",
    "reminder_days_before",
)
QUESTION_FIELDS = (
    "kind",
    "difficulty",
    "text",
    "skills",
    "key_points",
    "model_answer",
    "follow_up_budget",
    "source",
    "approved",
)
COPY_SUFFIX = " (copy)"


def only_known(values: dict, allowed, what: str) -> None:
    """Refuse fields a service does not set (a programming error, not user input)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not {what}: {sorted(unknown)}")


def interview_counts(interview: Interview) -> dict:
    """Questions (approved, drafts), invitations and sessions of an interview."""
    approved = sum(1 for question in interview.questions if question.approved)
    invitations = db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.interview_id == interview.id)
    )
    sessions, completed = db.session.execute(
        select(
            func.count(InterviewSession.id),
            func.count(InterviewSession.id).filter(
                InterviewSession.status == "completed"
            ),
        ).where(InterviewSession.interview_id == interview.id)
    ).one()
    return {
        "questions": len(interview.questions),
        "approved_questions": approved,
        "draft_questions": len(interview.questions) - approved,
        "invitations": invitations or 0,
        "sessions": sessions or 0,
        "completed_sessions": completed or 0,
    }


def accepts_candidates(interview: Interview) -> bool:
    """Only active interviews take new candidates."""
    return interview.status == "active"


def list_interviews(
    actor: User,
    product_id: int,
    *,
    status: str | None = None,
    page: int = 1,
    per_page: int = 20,
):
    """One page of a product's interviews, newest first: (items, meta)."""
    product = get_product(actor, product_id)
    query = select(Interview).where(Interview.product_id == product.id)
    if status:
        query = query.where(Interview.status == status)
    query = query.order_by(Interview.created_at.desc(), Interview.id.desc())
    return paginate(query, page=page, per_page=per_page)


def _check_product_open(product) -> None:
    if product.archived_at is not None:
        raise InteractionError(
            "This product is archived. Restore it before adding or activating "
            "interviews."
        )


def _check_thresholds(advance: float, consider: float) -> None:
    if consider > advance:
        message = "The consider threshold cannot be above the advance threshold."
        raise ValidationError(message, details={"consider_threshold": [message]})


def create_interview(actor: User, product_id: int, **settings) -> Interview:
    """A draft interview for one of the actor's products; unset fields: defaults."""
    product = get_product(actor, product_id)
    _check_product_open(product)
    only_known(settings, SETTINGS, "interview settings")
    _check_thresholds(
        settings.get("advance_threshold", 7.5), settings.get("consider_threshold", 5.0)
    )
    if not settings.get("rubric"):
        settings["rubric"] = role_rubric(settings)
    interview = Interview(product=product, status="draft", **settings)
    db.session.add(interview)
    db.session.flush()
    return interview


def update_interview(actor: User, interview_id: int, **changes) -> Interview:
    """Change some settings; a changed rubric bumps rubric_version."""
    interview = get_interview(actor, interview_id)
    only_known(changes, SETTINGS, "interview settings")
    _check_thresholds(
        changes.get("advance_threshold", interview.advance_threshold),
        changes.get("consider_threshold", interview.consider_threshold),
    )
    rubric = changes.pop("rubric", None)
    if rubric is not None and rubric != interview.rubric:
        record_rubric_version(interview)  # the old version stays readable
        interview.rubric = rubric
        interview.rubric_version += 1
        record_rubric_version(interview)
    for name, value in changes.items():
        setattr(interview, name, value)
    db.session.flush()
    return interview


def activate_interview(
    actor: User,
    interview_id: int,
    *,
    origin: dict | None = None,
    override_reason: str | None = None,
) -> Interview:
    """Open a draft (or reopen a closed) interview; needs an approved question, and
    a reason when a draft's calibration agreement is below the workspace's bar."""
    interview = get_interview(actor, interview_id)
    if interview.status == "active":
        return interview
    _check_product_open(interview.product)
    if not any(question.approved for question in interview.questions):
        message = "Approve at least one question before activating this interview."
        raise InteractionError(message, details={"questions": [message]})
    if interview.status == "draft":
        check_activation(actor, interview, override_reason, origin)
    previous = interview.status
    interview.status = "active"
    interview.activated_at = utcnow()
    interview.closed_at = None
    record_event(
        "interview.activated",
        actor=actor,
        target=interview,
        details={"from": previous},
        **(origin or {}),
    )
    db.session.flush()
    return interview


def close_interview(
    actor: User, interview_id: int, *, origin: dict | None = None
) -> Interview:
    """Stop accepting candidates; everything recorded so far is kept."""
    interview = get_interview(actor, interview_id)
    if interview.status == "closed":
        return interview
    if interview.status != "active":
        raise InteractionError(
            "Only an active interview can be closed. A draft can be deleted instead."
        )
    interview.status = "closed"
    interview.closed_at = utcnow()
    record_event("interview.closed", actor=actor, target=interview, **(origin or {}))
    db.session.flush()
    return interview


def delete_interview(
    actor: User, interview_id: int, *, origin: dict | None = None
) -> None:
    """Delete a draft interview and its questions; active and closed ones are kept."""
    interview = get_interview(actor, interview_id)
    if interview.status != "draft":
        raise InteractionError(
            f"This interview is {interview.status}; it may hold candidates' results, "
            "so it cannot be deleted. Close it instead."
        )
    if interview_counts(interview)["invitations"]:
        raise InteractionError("This interview has invitations; it cannot be deleted.")
    record_event(
        "interview.deleted",
        actor=actor,
        target=interview,
        details={
            "role_title": interview.role_title,
            "product_id": interview.product_id,
        },
        **(origin or {}),
    )
    db.session.delete(interview)
    db.session.flush()


def copy_title(title: str) -> str:
    """'<title> (copy)', shortened to fit the 120-character limit."""
    return title[: 120 - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX


def duplicate_interview(
    actor: User,
    interview_id: int,
    *,
    role_title: str | None = None,
    product_id: int | None = None,
    origin: dict | None = None,
) -> Interview:
    """A draft copy with the same settings, rubric and questions (approval kept)."""
    source = get_interview(actor, interview_id)
    product = get_product(actor, product_id) if product_id else source.product
    _check_product_open(product)
    settings = {name: deepcopy(getattr(source, name)) for name in SETTINGS}
    settings["role_title"] = role_title or copy_title(source.role_title)
    duplicate = Interview(product=product, status="draft", **settings)
    db.session.add(duplicate)
    for question in source.questions:
        fields = {name: deepcopy(getattr(question, name)) for name in QUESTION_FIELDS}
        duplicate.questions.append(Question(position=question.position, **fields))
    db.session.flush()
    record_event(
        "interview.duplicated",
        actor=actor,
        target=duplicate,
        details={"source_id": source.id},
        **(origin or {}),
    )
    return duplicate
