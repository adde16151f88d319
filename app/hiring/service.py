"""Job openings: create, edit, publish and close them; the public board's search.

Openings belong to a product; app.ownership decides who may see them. Services flush,
the edge commits.
"""

from sqlalchemy import func, or_, select

from app.audit import record_event
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.hiring.resumes import canonical_skill
from app.interviews import question_service
from app.interviews import service as interviews
from app.models import Interview, Opening, Product, User, utcnow
from app.ownership import get_interview, get_product, visible_openings
from app.pagination import paginate

FIELDS = (
    "title",
    "description",
    "company",
    "location",
    "department",
    "salary_min",
    "salary_max",
    "salary_currency",
    "job_type",
    "work_mode",
    "experience_level",
    "required_skills",
)
DRAFTED_QUESTIONS = 5


def _clean_skills(skills: list[str]) -> list[str]:
    seen, cleaned = set(), []
    for skill in skills or []:
        key = canonical_skill(skill)
        if key and key not in seen:
            seen.add(key)
            cleaned.append(" ".join(skill.split()))
    return cleaned


def _check_salary(low: int | None, high: int | None) -> None:
    if low is not None and high is not None and low > high:
        message = "The minimum salary is above the maximum."
        raise ValidationError(message, details={"salary_min": [message]})


def _screening_interview(actor: User, product: Product, interview_id):
    """The opening's AI interview: one of the actor's under the same product, or
    none."""
    if interview_id is None:
        return None
    interview = get_interview(actor, interview_id)
    if interview.product_id != product.id:
        message = "Choose an interview of the same product."
        raise ValidationError(message, details={"interview_id": [message]})
    return interview


def draft_interview(actor: User, opening: Opening) -> Interview:
    """A new draft AI screening interview written from the opening, with drafted
    questions to review (the existing drafting: the bank offline, the AI when set)."""
    interview = interviews.create_interview(
        actor,
        opening.product_id,
        role_title=opening.title,
        job_description=opening.description,
        seniority=opening.experience_level,
        skills=list(opening.required_skills)[:20],
    )
    question_service.generate_questions(actor, interview.id, DRAFTED_QUESTIONS)
    opening.interview_id = interview.id
    db.session.flush()
    return interview


def create_opening(
    actor: User,
    *,
    product_id: int,
    interview_id: int | None = None,
    draft_interview_now: bool = False,
    status: str = "draft",
    **fields,
) -> Opening:
    """A new opening under one of the actor's products (a draft unless told)."""
    product = get_product(actor, product_id)
    _check_salary(fields.get("salary_min"), fields.get("salary_max"))
    fields["required_skills"] = _clean_skills(fields.get("required_skills") or [])
    interview = _screening_interview(actor, product, interview_id)
    opening = Opening(
        product_id=product.id,
        created_by_id=actor.id,
        interview_id=interview.id if interview else None,
        **{k: v for k, v in fields.items() if k in FIELDS},
    )
    db.session.add(opening)
    db.session.flush()
    if draft_interview_now and interview is None:
        draft_interview(actor, opening)
    set_status(actor, opening, status)
    record_event("opening.created", actor=actor, target=opening)
    return opening


def update_opening(actor: User, opening: Opening, **changes) -> Opening:
    """Change an opening's fields, screening interview or status."""
    product = opening.product
    low = changes.get("salary_min", opening.salary_min)
    high = changes.get("salary_max", opening.salary_max)
    _check_salary(low, high)
    if "required_skills" in changes:
        changes["required_skills"] = _clean_skills(changes["required_skills"])
    if "interview_id" in changes:
        interview = _screening_interview(actor, product, changes["interview_id"])
        opening.interview_id = interview.id if interview else None
    for name in FIELDS:
        if name in changes:
            setattr(opening, name, changes[name])
    if changes.get("draft_interview_now") and opening.interview_id is None:
        draft_interview(actor, opening)
    if "status" in changes:
        set_status(actor, opening, changes["status"])
    db.session.flush()
    return opening


def set_status(actor: User, opening: Opening, status: str) -> Opening:
    """Publish (open), close or return an opening to draft; audited."""
    previous = opening.status
    if status == previous:
        return opening
    opening.status = status
    if status == "open":
        opening.published_at = opening.published_at or utcnow()
        opening.closed_at = None
    elif status == "closed":
        opening.closed_at = utcnow()
    if previous is not None:
        record_event(
            "opening.status_changed",
            actor=actor,
            target=opening,
            details={"from": previous, "to": status},
        )
    db.session.flush()
    return opening


def delete_opening(actor: User, opening: Opening) -> None:
    """Delete an opening with its applications (a draft, or one nobody applied to,
    usually; the recruiter confirmed it)."""
    from app.hiring.applications import delete_resume_files

    record_event(
        "opening.deleted", actor=actor, target=opening, details={"title": opening.title}
    )
    delete_resume_files(opening.applications)
    db.session.delete(opening)
    db.session.flush()


def list_openings(
    user: User, *, status: str | None = None, page: int = 1, per_page: int = 20
):
    """The openings a recruiter may see, newest first."""
    query = visible_openings(user)
    if status:
        query = query.where(Opening.status == status)
    query = query.order_by(Opening.created_at.desc(), Opening.id.desc())
    return paginate(query, page=page, per_page=per_page)


def public_openings():
    """A select() of what the public board shows: open openings of live products."""
    return (
        select(Opening)
        .join(Product, Opening.product_id == Product.id)
        .where(Opening.status == "open", Product.archived_at.is_(None))
    )


def get_public_opening(opening_id: int) -> Opening:
    """An open opening for anyone, or NotFound (drafts and closed ones included)."""
    opening = db.session.scalars(
        public_openings().where(Opening.id == opening_id)
    ).first()
    if opening is None:
        raise NotFound("This job is not open (or does not exist).")
    return opening


def search_openings(
    *,
    q: str | None = None,
    location: str | None = None,
    job_type: str | None = None,
    work_mode: str | None = None,
    level: str | None = None,
    page: int = 1,
    per_page: int = 20,
):
    """One page of open openings matching a keyword and filters, newest first."""
    query = public_openings()
    if q:
        needle = q.strip().lower()
        query = query.where(
            or_(
                *(
                    func.lower(column).contains(needle, autoescape=True)
                    for column in (
                        Opening.title,
                        Opening.description,
                        Opening.company,
                        Opening.department,
                    )
                )
            )
        )
    if location:
        query = query.where(
            func.lower(Opening.location).contains(
                location.strip().lower(), autoescape=True
            )
        )
    for column, value in (
        (Opening.job_type, job_type),
        (Opening.work_mode, work_mode),
        (Opening.experience_level, level),
    ):
        if value:
            query = query.where(column == value)
    query = query.order_by(Opening.published_at.desc(), Opening.id.desc())
    return paginate(query, page=page, per_page=per_page)
