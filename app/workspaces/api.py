"""JSON API for workspaces and their members.

The workspace a call acts in is chosen with the `X-Workspace-Id` header (default: the
caller's first workspace); these routes name theirs in the path.
"""

from flask_jwt_extended import get_current_user

from app import tasks
from app.auth.decorators import member_required
from app.extensions import db
from app.models import WorkspaceInvite
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.schemas import list_schema
from app.workspaces import bp, service
from app.workspaces.schemas import (
    InviteInSchema,
    InviteSchema,
    InviteTokenSchema,
    MemberRoleSchema,
    MemberSchema,
    WorkspaceInSchema,
    WorkspaceSchema,
)

TAGS = ["workspaces"]


def _workspace(workspace, role: str) -> dict:
    return {
        "id": workspace.id,
        "name": workspace.name,
        "role": role,
        "created_at": workspace.created_at,
    }


def _page(items: list) -> dict:
    return {
        "items": items,
        "meta": {"page": 1, "per_page": len(items), "total": len(items)},
    }


@bp.get(f"{API}/workspaces")
@member_required
@operation(
    "Your workspaces and your role in each (the first is the default)",
    tags=TAGS,
    responses={200: list_schema(WorkspaceSchema)},
)
def api_list_workspaces():
    rows = service.list_workspaces(get_current_user())
    return _page([_workspace(m.workspace, m.role) for m in rows])


@bp.post(f"{API}/workspaces")
@member_required
@operation(
    "Create a workspace (you are its owner)",
    tags=TAGS,
    body=WorkspaceInSchema,
    responses={201: WorkspaceSchema},
)
def api_create_workspace(body):
    workspace = service.create_workspace(get_current_user(), **body)
    db.session.commit()
    return _workspace(workspace, "owner"), 201


@bp.get(f"{API}/workspaces/<int:workspace_id>")
@member_required
@operation("One of your workspaces", tags=TAGS, responses={200: WorkspaceSchema})
def api_get_workspace(workspace_id):
    workspace, role = service.get_workspace(get_current_user(), workspace_id)
    return _workspace(workspace, role)


@bp.patch(f"{API}/workspaces/<int:workspace_id>")
@member_required
@operation(
    "Rename a workspace (owners and admins)",
    tags=TAGS,
    body=WorkspaceInSchema,
    responses={200: WorkspaceSchema},
)
def api_rename_workspace(workspace_id, body):
    user = get_current_user()
    workspace = service.rename_workspace(user, workspace_id, **body)
    db.session.commit()
    return _workspace(workspace, service.get_workspace(user, workspace_id)[1])


@bp.get(f"{API}/workspaces/<int:workspace_id>/members")
@member_required
@operation(
    "The workspace's members and their roles",
    tags=TAGS,
    responses={200: list_schema(MemberSchema)},
)
def api_list_members(workspace_id):
    return _page(service.list_members(get_current_user(), workspace_id))


@bp.patch(f"{API}/workspaces/<int:workspace_id>/members/<int:user_id>")
@member_required
@operation(
    "Change a member's role (owners and admins; the last owner stays one)",
    tags=TAGS,
    body=MemberRoleSchema,
    responses={200: MemberSchema},
    errors=(409,),
)
def api_change_role(workspace_id, user_id, body):
    member = service.change_role(get_current_user(), workspace_id, user_id, **body)
    db.session.commit()
    return member


@bp.delete(f"{API}/workspaces/<int:workspace_id>/members/<int:user_id>")
@member_required
@operation(
    "Remove a member, or leave with your own id (the last owner cannot leave)",
    tags=TAGS,
    responses={204: None},
    errors=(409,),
)
def api_remove_member(workspace_id, user_id):
    service.remove_member(get_current_user(), workspace_id, user_id)
    db.session.commit()
    return "", 204


@bp.get(f"{API}/workspaces/<int:workspace_id>/invites")
@member_required
@operation(
    "Open invitations (owners and admins)",
    tags=TAGS,
    responses={200: list_schema(InviteSchema)},
)
def api_list_invites(workspace_id):
    return _page(service.pending_invites(get_current_user(), workspace_id))


@bp.post(f"{API}/workspaces/<int:workspace_id>/invites")
@member_required
@operation(
    "Invite someone by email with a role (owners and admins); the link is emailed",
    tags=TAGS,
    body=InviteInSchema,
    responses={201: InviteSchema},
    errors=(409,),
)
def api_invite(workspace_id, body):
    issued = service.invite_member(get_current_user(), workspace_id, **body)
    db.session.commit()
    tasks.email_workspace_invite(issued)
    return db.session.get(WorkspaceInvite, issued.invite_id), 201


@bp.post(f"{API}/workspaces/join")
@member_required
@operation(
    "Accept an invitation with the token from its emailed link",
    tags=TAGS,
    body=InviteTokenSchema,
    responses={200: WorkspaceSchema},
    errors=(404, 409, 410),
)
def api_join(body):
    membership = service.accept_invite(get_current_user(), body["token"])
    db.session.commit()
    return _workspace(membership.workspace, membership.role)
