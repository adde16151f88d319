"""Who may see which record. Recruiters see only their own; admins see everything.

Every service that loads a record by id for a user goes through here, so an attempt on
another recruiter's record answers 404 everywhere (existence is never revealed).
"""

from sqlalchemy import select

from app.errors import NotFound
from app.extensions import db
from app.models import (
    Application,
    Category,
    Interview,
    InterviewSession,
    Invitation,
    Meeting,
    Opening,
    Product,
    Question,
    User,
)


def _owned(query, user: User):
    """Restrict a select() that joins Product to the products this user may see.

    Admins see every recruiter's products, but not candidates' private practice
    products (practice interviews run on the same engine; they are nobody's hiring).
    """
    if not user.is_admin:
        return query.where(Product.owner_id == user.id)
    candidates = select(User.id).where(User.role == "candidate")
    return query.where(Product.owner_id.not_in(candidates))


def visible_products(user: User):
    """A select() of the products this user may see."""
    return _owned(select(Product), user)


def visible_interviews(user: User):
    """A select() of the interviews this user may see."""
    return _owned(
        select(Interview).join(Product, Interview.product_id == Product.id), user
    )


def _one(query, what: str):
    record = db.session.scalars(query).first()
    if record is None:
        raise NotFound(f"{what} not found.")
    return record


def get_category(user: User, category_id: int) -> Category:
    """A category the user owns (admins: any), or NotFound."""
    query = select(Category).where(Category.id == category_id)
    if not user.is_admin:
        query = query.where(Category.owner_id == user.id)
    return _one(query, "Category")


def get_product(user: User, product_id: int) -> Product:
    """A product the user may see, or NotFound."""
    return _one(visible_products(user).where(Product.id == product_id), "Product")


def get_interview(user: User, interview_id: int) -> Interview:
    """An interview the user may see, or NotFound."""
    return _one(
        visible_interviews(user).where(Interview.id == interview_id), "Interview"
    )


def _through_interview(user: User, model, record_id: int, what: str):
    """A record that belongs to an interview, if the user may see that interview."""
    query = (
        select(model)
        .join(Interview, model.interview_id == Interview.id)
        .join(Product, Interview.product_id == Product.id)
        .where(model.id == record_id)
    )
    return _one(_owned(query, user), what)


def get_question(user: User, question_id: int) -> Question:
    """A question of an interview the user may see, or NotFound."""
    return _through_interview(user, Question, question_id, "Question")


def get_invitation(user: User, invitation_id: int) -> Invitation:
    """An invitation to an interview the user may see, or NotFound."""
    return _through_interview(user, Invitation, invitation_id, "Invitation")


def get_session(user: User, session_id: int) -> InterviewSession:
    """A candidate session of an interview the user may see, or NotFound."""
    return _through_interview(user, InterviewSession, session_id, "Session")


def get_meeting(user: User, meeting_id: int) -> Meeting:
    """A meeting about a candidate of an interview the user may see, or NotFound."""
    return _through_interview(user, Meeting, meeting_id, "Meeting")


def visible_meetings(user: User):
    """A select() of the meetings this user may see."""
    query = (
        select(Meeting)
        .join(Interview, Meeting.interview_id == Interview.id)
        .join(Product, Interview.product_id == Product.id)
    )
    return _owned(query, user)


def visible_openings(user: User):
    """A select() of the job openings (under products) this user may see."""
    return _owned(select(Opening).join(Product, Opening.product_id == Product.id), user)


def get_opening(user: User, opening_id: int) -> Opening:
    """An opening under a product the user may see, or NotFound."""
    return _one(visible_openings(user).where(Opening.id == opening_id), "Opening")


def visible_applications(user: User):
    """A select() of the applications to openings this user may see."""
    query = (
        select(Application)
        .join(Opening, Application.opening_id == Opening.id)
        .join(Product, Opening.product_id == Product.id)
    )
    return _owned(query, user)


def get_application(user: User, application_id: int) -> Application:
    """An application to an opening the user may see, or NotFound."""
    return _one(
        visible_applications(user).where(Application.id == application_id),
        "Application",
    )


def accounts_of_interviews(interview_ids) -> dict[int, int]:
    """The account (user id) each interview belongs to, for per-account settings."""
    rows = db.session.execute(
        select(Interview.id, Product.owner_id)
        .join(Product, Interview.product_id == Product.id)
        .where(Interview.id.in_(set(interview_ids)))
    )
    return {interview_id: account_id for interview_id, account_id in rows}


def visible_invitations(user: User):
    """A select() of the invitations to interviews this user may see."""
    return _owned(
        select(Invitation)
        .join(Interview, Invitation.interview_id == Interview.id)
        .join(Product, Interview.product_id == Product.id),
        user,
    )
