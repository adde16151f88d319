"""Admin rules: find users, change roles, deactivate, reactivate and delete accounts,
and read the audit log.

Services take the acting admin, flush but never commit, and never touch the request;
`origin` (ip_address, user_agent) only feeds audit events. An admin cannot demote,
deactivate or delete themselves, and the last active admin always stays.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, func, or_, select

from app.audit import record_event
from app.errors import MAX_RECORD_ID, InteractionError, NotFound
from app.extensions import db
from app.models import (
    AccountToken,
    AuditEvent,
    Interview,
    InterviewSession,
    Invitation,
    Membership,
    Product,
    User,
    Workspace,
)
from app.pagination import paginate

ASSIGNABLE_ROLES = ("recruiter", "admin", "candidate")


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_users(
    *,
    q: str | None = None,
    role: str | None = None,
    active: bool | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[User], dict]:
    """One page of users, newest first, matching a search of email, username or name."""
    query = select(User)
    if q:
        pattern = _like(q.strip())
        query = query.where(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.username).like(pattern, escape="\\"),
                func.lower(User.full_name).like(pattern, escape="\\"),
            )
        )
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.is_active.is_(active))
    query = query.order_by(User.created_at.desc(), User.id.desc())
    return paginate(query, page=page, per_page=per_page)


def get_user(user_id: int) -> User:
    """The user with this id, or NotFound."""
    user = db.session.get(User, user_id) if 0 < user_id <= MAX_RECORD_ID else None
    if user is None:
        raise NotFound("User not found.")
    return user


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(
            User.role == "admin", User.is_active.is_(True), User.id != user.id
        )
    )


def _protect(actor: User, user: User, action: str) -> None:
    """Refuse changes that would lock the admins out."""
    if user.id == actor.id:
        raise InteractionError(f"You cannot {action} your own account.")
    if user.role == "admin" and user.is_active and not _other_active_admins(user):
        raise InteractionError(f"You cannot {action} the last active admin.")


def change_role(
    actor: User, user: User, role: str, *, origin: dict | None = None
) -> User:
    """Make a user a recruiter, an admin or a candidate."""
    if role not in ASSIGNABLE_ROLES:
        raise InteractionError(f"Choose one of: {', '.join(ASSIGNABLE_ROLES)}.")
    if role == user.role:
        return user
    if user.role == "admin":
        _protect(actor, user, "demote")
    previous, user.role = user.role, role
    record_event(
        "user.role_changed",
        actor=actor,
        target=user,
        details={"email": user.email, "from": previous, "to": role},
        **(origin or {}),
    )
    db.session.flush()
    return user


def deactivate_user(actor: User, user: User, *, origin: dict | None = None) -> User:
    """Stop a user signing in; every token they hold fails at its next use."""
    if not user.is_active:
        return user
    _protect(actor, user, "deactivate")
    user.is_active = False
    # Bumping the version retires every token already issued, even after reactivation.
    user.token_version += 1
    db.session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
    record_event(
        "user.deactivated",
        actor=actor,
        target=user,
        details={"email": user.email},
        **(origin or {}),
    )
    db.session.flush()
    return user


def reactivate_user(actor: User, user: User, *, origin: dict | None = None) -> User:
    """Let a deactivated user sign in again (with new logins only)."""
    if user.is_active:
        return user
    user.is_active = True
    record_event(
        "user.reactivated",
        actor=actor,
        target=user,
        details={"email": user.email},
        **(origin or {}),
    )
    db.session.flush()
    return user


def _solo_workspaces(user: User):
    """A select() of the ids of the workspaces whose only member is the user."""
    mine = select(Membership.workspace_id).where(Membership.user_id == user.id)
    return (
        select(Membership.workspace_id)
        .where(Membership.workspace_id.in_(mine))
        .group_by(Membership.workspace_id)
        .having(func.count(Membership.id) == 1)
    )


def _products_deleted_with(user: User):
    """A select() of the ids of the products that go with the account: those of the
    workspaces only they belong to, and their own practice products."""
    return select(Product.id).where(
        or_(
            Product.workspace_id.in_(_solo_workspaces(user)),
            (Product.workspace_id.is_(None)) & (Product.owner_id == user.id),
        )
    )


def data_summary(user: User) -> dict[str, int]:
    """What deleting the user deletes with them: the products (with interviews,
    invitations and candidate sessions) of workspaces only they belong to and their
    practice; and how many products they created that shared workspaces keep."""
    products = _products_deleted_with(user)
    kept = select(Product.id).where(
        Product.owner_id == user.id, Product.id.not_in(products)
    )
    interviews = select(Interview.id).where(Interview.product_id.in_(products))
    count = db.session.scalar
    return {
        "products": count(select(func.count()).select_from(products.subquery())),
        "interviews": count(select(func.count()).select_from(interviews.subquery())),
        "invitations": count(
            select(func.count(Invitation.id)).where(
                Invitation.interview_id.in_(interviews)
            )
        ),
        "sessions": count(
            select(func.count(InterviewSession.id)).where(
                InterviewSession.interview_id.in_(interviews)
            )
        ),
        "kept_products": count(select(func.count()).select_from(kept.subquery())),
    }


def delete_user(actor: User, user: User, *, origin: dict | None = None) -> dict:
    """Delete an account and everything it owns; returns what was deleted.

    The workspaces only they belong to go with it (their products, interviews,
    questions, invitations and candidate sessions), and their practice. Products they
    created in a workspace shared with others stay the workspace's (creator unset).
    Audit events stay, without the actor's link; invitations others created keep
    existing. The audit event keeps the deleted email and the counts.
    """
    _protect(actor, user, "delete")
    summary = data_summary(user)
    record_event(
        "user.deleted",
        actor=actor,
        target=user,
        details={
            "email": user.email,
            "username": user.username,
            "role": user.role,
            **summary,
        },
        **(origin or {}),
    )
    db.session.execute(
        delete(Product)
        .where(Product.id.in_(_products_deleted_with(user)))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(Workspace)
        .where(Workspace.id.in_(_solo_workspaces(user)))
        .execution_options(synchronize_session=False)
    )
    db.session.delete(user)
    db.session.flush()
    return summary


def list_audit_events(
    *,
    actor: str | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[AuditEvent], dict]:
    """One page of the audit log, newest first.

    actor: a user id or (part of) an email; action: an exact action, or a prefix
    ending in "." ("auth."); since and until: whole UTC days, both included.
    """
    query = select(AuditEvent)
    if actor:
        actor = actor.strip()
        if actor.isdigit():
            query = query.where(AuditEvent.actor_id == int(actor))
        else:
            query = query.join(User, AuditEvent.actor_id == User.id).where(
                func.lower(User.email).like(_like(actor), escape="\\")
            )
    if action:
        action = action.strip()
        if action.endswith("."):
            query = query.where(AuditEvent.action.like(f"{action}%"))
        else:
            query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.created_at >= _utc_midnight(since))
    if until:
        query = query.where(
            AuditEvent.created_at < _utc_midnight(until + timedelta(days=1))
        )
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return paginate(query, page=page, per_page=per_page)


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def known_actions() -> list[str]:
    """Every action the audit log holds, for the filter."""
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by("action"))
    )
