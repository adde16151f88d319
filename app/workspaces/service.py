"""Workspace rules: create, invite by email, accept, change roles, remove, leave.

Services take the acting user, flush but never commit, and never touch the request.
Access goes through app.ownership: a non-member gets 404, a member whose role does not
allow the change gets 403. A workspace always keeps at least one owner.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from marshmallow import validate
from sqlalchemy import func, select

from app.audit import record_event
from app.errors import Conflict, Forbidden, Gone, NotFound, ValidationError
from app.extensions import db
from app.link_tokens import hash_token, new_link_token
from app.mail import MailError, send_email
from app.models import (
    MANAGER_ROLES,
    Membership,
    User,
    Workspace,
    WorkspaceInvite,
    utcnow,
)
from app.ownership import (
    current_membership,
    get_membership,
    manageable_workspace,
    memberships,
)
from app.upsert import insert_unless_taken

log = logging.getLogger(__name__)
INVITE_DAYS = 7
_email_format = validate.Email()


@dataclass
class IssuedInvite:
    """An invite just made; its plaintext token is known only until it is emailed."""

    invite_id: int
    token: str


def list_workspaces(user: User) -> list[Membership]:
    """The user's memberships (workspace and role), oldest first."""
    current_membership(user)  # an account's first call makes its workspace of one
    return memberships(user)


def create_workspace(actor: User, *, name: str) -> Workspace:
    """A new workspace with the actor as its owner."""
    if actor.role == "candidate":
        raise Forbidden("Candidate accounts practise alone.")
    workspace = Workspace(name=name.strip())
    db.session.add(workspace)
    db.session.flush()
    db.session.add(Membership(workspace=workspace, user_id=actor.id, role="owner"))
    db.session.flush()
    record_event("workspace.created", actor=actor, target=workspace)
    return workspace


def rename_workspace(actor: User, workspace_id: int, *, name: str) -> Workspace:
    """Rename a workspace (its owners and admins)."""
    workspace = manageable_workspace(actor, workspace_id)
    workspace.name = name.strip()
    db.session.flush()
    return workspace


def get_workspace(user: User, workspace_id: int) -> tuple[Workspace, str]:
    """A workspace the user belongs to, with their role there; NotFound otherwise."""
    membership = get_membership(user, workspace_id)
    return membership.workspace, membership.role


def list_members(user: User, workspace_id: int) -> list[Membership]:
    """The members of a workspace the user belongs to, by name."""
    get_membership(user, workspace_id)
    return list(
        db.session.scalars(
            select(Membership)
            .join(User, Membership.user_id == User.id)
            .where(Membership.workspace_id == workspace_id)
            .order_by(func.lower(User.full_name), User.id)
        )
    )


def pending_invites(user: User, workspace_id: int) -> list[WorkspaceInvite]:
    """Invites not yet accepted nor expired (for the workspace's managers)."""
    manageable_workspace(user, workspace_id)
    return list(
        db.session.scalars(
            select(WorkspaceInvite)
            .where(
                WorkspaceInvite.workspace_id == workspace_id,
                WorkspaceInvite.accepted_at.is_(None),
                WorkspaceInvite.expires_at > utcnow(),
            )
            .order_by(WorkspaceInvite.id.desc())
        )
    )


def _check_grant(actor_role: str, role: str) -> None:
    if role == "owner" and actor_role != "owner":
        raise Forbidden("Only an owner can make someone an owner.")


def invite_member(
    actor: User, workspace_id: int, *, email: str, role: str
) -> IssuedInvite:
    """Invite an email address to the workspace with a role; emailed by the edge."""
    workspace = manageable_workspace(actor, workspace_id)
    email = email.strip().lower()
    try:
        _email_format(email)
    except Exception as error:  # marshmallow's ValidationError, reworded
        raise ValidationError(details={"email": ["Enter a valid email."]}) from error
    _check_grant(get_membership(actor, workspace_id).role, role)
    already = db.session.scalar(
        select(Membership.id)
        .join(User, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace.id, User.email == email)
    )
    if already is not None:
        raise Conflict(
            "This person is already a member.", {"email": ["Already a member."]}
        )
    token, token_hash = new_link_token()
    invite = WorkspaceInvite(
        workspace_id=workspace.id,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=INVITE_DAYS),
    )
    db.session.add(invite)
    db.session.flush()
    record_event(
        "workspace.member_invited",
        actor=actor,
        target=workspace,
        details={"role": role},
    )
    return IssuedInvite(invite.id, token)


def find_invite(token: str) -> WorkspaceInvite:
    """The open invite for a link token; NotFound or Gone (expired, used)."""
    invite = db.session.scalars(
        select(WorkspaceInvite).where(WorkspaceInvite.token_hash == hash_token(token))
    ).first()
    if invite is None:
        raise NotFound("This invitation link is not valid.")
    if invite.accepted_at is not None or invite.expires_at <= utcnow():
        raise Gone("This invitation has expired or was already used.")
    return invite


def accept_invite(user: User, token: str) -> Membership:
    """Join the workspace of an invite sent to the user's email address."""
    invite = find_invite(token)
    if user.email.lower() != invite.email:
        raise Forbidden(
            f"This invitation was sent to another address; sign in as {invite.email}."
        )
    if user.role == "candidate":
        raise Forbidden("A candidate account cannot join a workspace.")
    insert_unless_taken(
        Membership,
        {
            "workspace_id": invite.workspace_id,
            "user_id": user.id,
            "role": invite.role,
            "created_at": utcnow(),
        },
    )
    invite.accepted_at = utcnow()
    db.session.flush()
    record_event("workspace.member_joined", actor=user, target=invite.workspace)
    return get_membership(user, invite.workspace_id)


def _member(workspace_id: int, user_id: int) -> Membership:
    membership = db.session.scalars(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user_id
        )
    ).first()
    if membership is None:
        raise NotFound("Member not found.")
    return membership


def _owners(workspace_id: int) -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.workspace_id == workspace_id, Membership.role == "owner"
        )
    )


def change_role(
    actor: User, workspace_id: int, user_id: int, *, role: str
) -> Membership:
    """Give a member another role; the last owner keeps theirs."""
    manageable_workspace(actor, workspace_id)
    actor_role = get_membership(actor, workspace_id).role
    member = _member(workspace_id, user_id)
    _check_grant(actor_role, role)
    if member.role == "owner" and actor_role != "owner":
        raise Forbidden("Only an owner can change another owner's role.")
    if member.role == "owner" and role != "owner" and _owners(workspace_id) == 1:
        raise Conflict("A workspace keeps at least one owner.")
    member.role = role
    db.session.flush()
    record_event(
        "workspace.role_changed",
        actor=actor,
        target=member.workspace,
        details={"user_id": user_id, "role": role},
    )
    return member


def remove_member(actor: User, workspace_id: int, user_id: int) -> None:
    """Remove a member (owners and admins), or leave (anyone); never the last owner."""
    mine = get_membership(actor, workspace_id)
    if user_id != actor.id and mine.role not in MANAGER_ROLES:
        raise Forbidden("Only the workspace's owners and admins remove members.")
    member = _member(workspace_id, user_id)
    if member.role == "owner" and user_id != actor.id and mine.role != "owner":
        raise Forbidden("Only an owner can remove another owner.")
    if member.role == "owner" and _owners(workspace_id) == 1:
        raise Conflict("The last owner cannot leave: make someone else an owner first.")
    record_event(
        "workspace.member_removed",
        actor=actor,
        target=member.workspace,
        details={"user_id": user_id},
    )
    db.session.delete(member)
    db.session.flush()


def invite_link(token: str) -> str:
    """The emailed link: {PUBLIC_BASE_URL}/workspaces/join/<token>."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/workspaces/join/{token}"


def send_invite_email(invite_id: int, token: str) -> bool:
    """Email one workspace invite (a job's work); False when it failed."""
    invite = db.session.get(WorkspaceInvite, invite_id)
    if invite is None or invite.accepted_at is not None:
        return False
    inviter = (
        db.session.get(User, invite.invited_by_id) if invite.invited_by_id else None
    )
    context = {
        "workspace": invite.workspace.name,
        "inviter": inviter.full_name if inviter else "A colleague",
        "role": invite.role,
        "link": invite_link(token),
        "days": INVITE_DAYS,
        "app_name": current_app.config["APP_NAME"],
    }
    env = current_app.jinja_env
    subject = f"Join {invite.workspace.name} on {context['app_name']}"
    try:
        send_email(
            invite.email,
            subject,
            env.get_template("mail/workspace_invite.txt").render(context),
            env.get_template("mail/workspace_invite.html").render(context),
        )
    except MailError as error:
        # The link itself is never logged.
        log.warning("Workspace invite %s failed: %s", invite_id, error)
        return False
    return True
