"""Portal pages for workspaces: list and switch, members and invites, joining."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app import tasks
from app.auth.decorators import member_required
from app.auth.portal import portal_identity
from app.errors import AppError
from app.extensions import db
from app.models import MANAGER_ROLES, WORKSPACE_ROLES
from app.openapi import load_data
from app.ownership import (
    WORKSPACE_COOKIE,
    choose_workspace,
    current_membership,
    memberships,
)
from app.web import form_data, safe_next_url
from app.workspaces import bp, service
from app.workspaces.schemas import InviteInSchema, MemberRoleSchema, WorkspaceInSchema

COOKIE_DAYS = 365


@bp.app_context_processor
def _workspace_nav():
    """The switcher's data for the nav, computed only when a page draws it."""

    def workspace_nav(user):
        if user is None or user.role == "candidate":
            return None
        if getattr(user, "workspace_choice", None) is None:
            choose_workspace(user, request.cookies.get(WORKSPACE_COOKIE))
        current = current_membership(user)
        return {"current": current, "all": memberships(user)}

    return {"workspace_nav": workspace_nav}


def _switch_to(response, workspace_id: int):
    response.set_cookie(
        WORKSPACE_COOKIE,
        str(workspace_id),
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


@bp.get("/portal/workspaces")
@member_required
def index(errors=None, values=None):
    user = get_current_user()
    return render_template(
        "workspaces/index.html",
        rows=service.list_workspaces(user),
        current=current_membership(user),
        errors=errors or {},
        values=values or {},
    )


@bp.post("/portal/workspaces")
@member_required
def create():
    user = get_current_user()
    values = form_data()
    try:
        workspace = service.create_workspace(
            user, **load_data(WorkspaceInSchema, {"name": values.get("name", "")})
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return index(errors=error.details or {"name": [error.message]}, values=values)
    flash(
        f"Workspace “{workspace.name}” created; you are now working in it.", "success"
    )
    return _switch_to(
        redirect(url_for("workspaces.members", workspace_id=workspace.id)), workspace.id
    )


@bp.post("/portal/workspaces/switch")
@member_required
def switch():
    """Make another of the user's workspaces the current one (a cookie)."""
    user = get_current_user()
    values = form_data()
    try:
        workspace, _role = service.get_workspace(
            user, int(values.get("workspace_id", 0))
        )
    except (AppError, ValueError):
        flash("That workspace is not one of yours.", "error")
        return redirect(url_for("workspaces.index"))
    flash(f"Now working in “{workspace.name}”.", "success")
    target = safe_next_url(values.get("next"), url_for("products.index"))
    return _switch_to(redirect(target), workspace.id)


@bp.get("/portal/workspaces/<int:workspace_id>/members")
@member_required
def members(workspace_id, errors=None, values=None, status=200):
    user = get_current_user()
    workspace, role = service.get_workspace(user, workspace_id)
    manager = role in MANAGER_ROLES
    return render_template(
        "workspaces/members.html",
        workspace=workspace,
        role=role,
        manager=manager,
        members=service.list_members(user, workspace_id),
        invites=service.pending_invites(user, workspace_id) if manager else [],
        roles=WORKSPACE_ROLES,
        errors=errors or {},
        values=values or {"role": "recruiter"},
    ), status


@bp.post("/portal/workspaces/<int:workspace_id>/invites")
@member_required
def invite(workspace_id):
    user = get_current_user()
    values = form_data()
    try:
        body = load_data(InviteInSchema, values)
        issued = service.invite_member(user, workspace_id, **body)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        details = error.details or {"email": [error.message]}
        return members(workspace_id, errors=details, values=values, status=error.status)
    tasks.email_workspace_invite(issued)
    flash(f"Invitation sent to {body['email']}.", "success")
    return redirect(url_for("workspaces.members", workspace_id=workspace_id))


@bp.post("/portal/workspaces/<int:workspace_id>/members/<int:user_id>/role")
@member_required
def change_role(workspace_id, user_id):
    user = get_current_user()
    try:
        body = load_data(MemberRoleSchema, {"role": form_data().get("role", "")})
        service.change_role(user, workspace_id, user_id, **body)
        db.session.commit()
        flash("Role changed.", "success")
    except AppError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        flash(error.message, "error")
    return redirect(url_for("workspaces.members", workspace_id=workspace_id))


@bp.post("/portal/workspaces/<int:workspace_id>/members/<int:user_id>/remove")
@member_required
def remove(workspace_id, user_id):
    user = get_current_user()
    try:
        service.remove_member(user, workspace_id, user_id)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        flash(error.message, "error")
        return redirect(url_for("workspaces.members", workspace_id=workspace_id))
    if user_id == user.id:
        flash("You left the workspace.", "success")
        return redirect(url_for("workspaces.index"))
    flash("Member removed.", "success")
    return redirect(url_for("workspaces.members", workspace_id=workspace_id))


@bp.get("/workspaces/join/<token>")
def join(token):
    """The emailed invite link: sign in (or up) with the invited address, accept."""
    user, _csrf = portal_identity()
    try:
        invite = service.find_invite(token)
    except AppError as error:
        page = render_template("workspaces/join.html", problem=error.message)
        return page, error.status
    return render_template(
        "workspaces/join.html", invite=invite, problem=None, signed_in=user
    )


@bp.post("/workspaces/join/<token>")
@member_required
def accept(token):
    user = get_current_user()
    try:
        membership = service.accept_invite(user, token)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        page = render_template("workspaces/join.html", problem=error.message)
        return page, error.status
    flash(f"You joined “{membership.workspace.name}”.", "success")
    return _switch_to(redirect(url_for("products.index")), membership.workspace_id)
