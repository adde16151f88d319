"""Who may see which record: THE place every access check goes through.

Recruiters work in workspaces. A user sees the records of their *current* workspace
(chosen by the edge: the `X-Workspace-Id` header for the API, the `viva_workspace`
cookie set by the switcher for pages, else their first workspace). Inside it the
member's role decides: owner/admin manage members, recruiter creates and changes,
viewer reads only, expert sees only the interviews they were added to (through
`expert_interviews`, not the recruiter's views). Site admins see every workspace,
never candidates' practice products (those belong to no workspace: practice is
personal). A record outside what the user may see answers 404 everywhere (existence is
never revealed); a member whose role does not allow a change gets 403.
"""

from flask import has_request_context, request
from sqlalchemy import false, select
from sqlalchemy import inspect as sa_inspect

from app.errors import Forbidden, NotFound
from app.extensions import db
from app.models import (
    MANAGER_ROLES,
    WRITER_ROLES,
    Application,
    Category,
    Interview,
    InterviewExpert,
    InterviewSession,
    Invitation,
    Meeting,
    Membership,
    Opening,
    Product,
    Question,
    User,
    Workspace,
    utcnow,
)
from app.upsert import insert_once

WORKSPACE_HEADER = "X-Workspace-Id"
WORKSPACE_COOKIE = "viva_workspace"

MEMO_KEY = "viva.memberships"  # (user id, workspace choice) -> Membership


def choose_workspace(user: User, workspace_id) -> None:
    """Remember which workspace the caller acts in for this request (edges call it)."""
    try:
        user.workspace_choice = int(workspace_id) if workspace_id else None
    except (TypeError, ValueError):
        user.workspace_choice = None


def memberships(user: User) -> list[Membership]:
    """The user's memberships, oldest first (the first is the default workspace)."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Membership.id)
        )
    )


def _workspace_of_one(user: User) -> Membership | None:
    """Make the account's own workspace the first time it needs one.

    Only a newly made workspace gets its owner: an account removed from its own
    workspace does not walk back in.
    """
    created = insert_once(
        Workspace,
        {"name": user.full_name, "personal_user_id": user.id, "created_at": utcnow()},
        ["personal_user_id"],
    )
    workspace_id = db.session.scalar(
        select(Workspace.id).where(Workspace.personal_user_id == user.id)
    )
    if created:
        insert_once(
            Membership,
            {
                "workspace_id": workspace_id,
                "user_id": user.id,
                "role": "owner",
                "created_at": utcnow(),
            },
            ["workspace_id", "user_id"],
        )
    return db.session.scalars(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user.id
        )
    ).first()


def ensure_workspace_of_one(user: User) -> bool:
    """Give an account that never had a workspace its own; True when one was made
    (the edge commits it)."""
    if has_request_context() and any(
        key[0] == user.id for key in request.environ.get(MEMO_KEY, ())
    ):
        return False  # a membership was found in this request
    has_one = db.session.scalar(
        select(Membership.id).where(Membership.user_id == user.id).limit(1)
    ) or db.session.scalar(
        select(Workspace.id).where(Workspace.personal_user_id == user.id)
    )
    if has_one:
        return False
    _workspace_of_one(user)
    return True


def current_membership(user: User) -> Membership | None:
    """The membership the user acts through now; None for candidates and for
    accounts that belong to no workspace."""
    if user.role == "candidate":
        return None
    choice = getattr(user, "workspace_choice", None)
    # Asked several times per request (the edge, the query scopes, the navigation):
    # remembered for the request, while the row stays in the session.
    memos = request.environ.setdefault(MEMO_KEY, {}) if has_request_context() else {}
    memo = memos.get((user.id, choice))
    if memo is not None and sa_inspect(memo).persistent:
        return memo
    membership = _find_membership(user, choice)
    if membership is not None:
        memos[(user.id, choice)] = membership
    return membership


def _find_membership(user: User, choice) -> Membership | None:
    mine = select(Membership).where(Membership.user_id == user.id)
    if choice:
        chosen = db.session.scalars(
            mine.where(Membership.workspace_id == choice)
        ).first()
        if chosen is not None:
            return chosen
    first = db.session.scalars(mine.order_by(Membership.id)).first()
    if first is None and not db.session.scalar(
        select(Workspace.id).where(Workspace.personal_user_id == user.id)
    ):
        first = _workspace_of_one(user)
    return first


def current_workspace(user: User) -> Workspace:
    """The workspace new records go to; Forbidden when the user has none."""
    membership = current_membership(user)
    if membership is None:
        raise Forbidden("You are not a member of any workspace.")
    return membership.workspace


def can_write(user: User) -> bool:
    """Whether the user may create and change records in their current workspace."""
    if user.is_admin:
        return True
    membership = current_membership(user)
    return membership is not None and membership.role in WRITER_ROLES


def require_writer(user: User) -> None:
    """Forbidden unless the user may change records in their current workspace."""
    if not can_write(user):
        raise Forbidden("Your role in this workspace does not allow changes.")


def get_membership(user: User, workspace_id: int) -> Membership:
    """The user's membership of a workspace, or NotFound (site admins: none needed
    to read, see `manageable_workspace`)."""
    membership = db.session.scalars(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user.id
        )
    ).first()
    if membership is None:
        raise NotFound("Workspace not found.")
    return membership


def manageable_workspace(user: User, workspace_id: int) -> Workspace:
    """A workspace whose members the user may manage (owner/admin), else 404 for a
    non-member and 403 for a member without the right."""
    membership = get_membership(user, workspace_id)
    if membership.role not in MANAGER_ROLES:
        raise Forbidden("Only the workspace's owners and admins manage members.")
    return membership.workspace


def _owned(query, user: User):
    """Restrict a select() that joins Product to the products this user may see."""
    if user.is_admin:
        return query.where(Product.workspace_id.is_not(None))
    membership = current_membership(user)
    if membership is None or membership.role == "expert":
        return query.where(false())
    return query.where(Product.workspace_id == membership.workspace_id)


def visible_products(user: User):
    """A select() of the products this user may see."""
    return _owned(select(Product), user)


def visible_product_ids(user: User):
    """A select() of the ids of the products this user may see (for IN clauses)."""
    return _owned(select(Product.id), user)


def visible_interviews(user: User):
    """A select() of the interviews this user may see."""
    return _owned(
        select(Interview).join(Product, Interview.product_id == Product.id), user
    )


def visible_categories(user: User):
    """A select() of the categories this user may see."""
    if user.is_admin:
        return select(Category).where(Category.workspace_id.is_not(None))
    membership = current_membership(user)
    if membership is None or membership.role == "expert":
        return select(Category).where(false())
    return select(Category).where(Category.workspace_id == membership.workspace_id)


def _one(query, what: str):
    record = db.session.scalars(query).first()
    if record is None:
        raise NotFound(f"{what} not found.")
    return record


def get_category(user: User, category_id: int) -> Category:
    """A category the user may see, or NotFound."""
    return _one(visible_categories(user).where(Category.id == category_id), "Category")


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


def expert_interviews(user: User):
    """A select() of the interviews a domain expert was added to, in workspaces
    where they are still a member."""
    return (
        select(Interview)
        .join(InterviewExpert, InterviewExpert.interview_id == Interview.id)
        .join(Product, Interview.product_id == Product.id)
        .join(
            Membership,
            (Membership.workspace_id == Product.workspace_id)
            & (Membership.user_id == user.id),
        )
        .where(InterviewExpert.user_id == user.id)
    )


def get_expert_interview(user: User, interview_id: int) -> Interview:
    """An interview the expert was added to, or NotFound."""
    return _one(
        expert_interviews(user).where(Interview.id == interview_id), "Interview"
    )


def get_expert_question(user: User, question_id: int) -> Question:
    """A question of an interview the expert was added to, or NotFound."""
    interviews = expert_interviews(user).with_only_columns(Interview.id)
    return _one(
        select(Question).where(
            Question.id == question_id, Question.interview_id.in_(interviews)
        ),
        "Question",
    )
