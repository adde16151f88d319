"""Admin pages: users (search, role, deactivate / reactivate, delete) and the audit
log. Everyone else gets the 403 page."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.admin import bp, service, targets
from app.admin.schemas import AuditQuerySchema, UserQuerySchema
from app.auth.decorators import role_required
from app.errors import AppError, ValidationError
from app.extensions import db
from app.models import ROLES
from app.openapi import load_data
from app.web import request_origin

PER_PAGE = 25
AUDIT_PER_PAGE = 50


def _query(schema, names: tuple[str, ...]) -> tuple[dict, dict]:
    """The filters of a list page from its query string, and any errors in them."""
    raw = {k: v for k, v in request.args.items() if k in names and v.strip() != ""}
    try:
        return load_data(schema, raw), {}
    except ValidationError as error:
        messages = [
            f"{name.capitalize()}: {' '.join(map(str, problems))}"
            for name, problems in error.details.items()
        ]
        return load_data(schema, {}), {"_form": messages}


@bp.get("/portal/admin/users")
@role_required("admin")
def users():
    filters, errors = _query(UserQuerySchema, ("q", "role", "active", "page"))
    items, meta = service.list_users(
        q=filters.get("q"),
        role=filters.get("role"),
        active=filters.get("active"),
        page=filters["page"],
        per_page=PER_PAGE,
    )
    args = {k: request.args[k] for k in ("q", "role", "active") if request.args.get(k)}
    return render_template(
        "admin/users.html",
        users=items,
        meta=meta,
        filters=filters,
        args=args,
        errors=errors,
        roles=ROLES,
    )


@bp.get("/portal/admin/users/<int:user_id>")
@role_required("admin")
def user_detail(user_id):
    user = service.get_user(user_id)
    events, _meta = service.list_audit_events(actor=str(user.id), per_page=10)
    return render_template(
        "admin/user.html",
        member=user,
        data=service.data_summary(user),
        events=events,
        targets=targets.describe_targets(events),
        roles=service.ASSIGNABLE_ROLES,
    )


def _act(user_id: int, change, success: str):
    """Run one change to a user, commit, flash the outcome, back to the user."""
    user = service.get_user(user_id)
    try:
        change(get_current_user(), user, origin=request_origin())
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(success.format(email=user.email), "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.post("/portal/admin/users/<int:user_id>/role")
@role_required("admin")
def change_role(user_id):
    role = request.form.get("role", "")
    return _act(
        user_id,
        lambda actor, user, origin: service.change_role(
            actor, user, role, origin=origin
        ),
        f"{{email}} is now {'an' if role == 'admin' else 'a'} {role}.",
    )


@bp.post("/portal/admin/users/<int:user_id>/deactivate")
@role_required("admin")
def deactivate(user_id):
    return _act(
        user_id,
        service.deactivate_user,
        "{email} is deactivated: every session of theirs has ended.",
    )


@bp.post("/portal/admin/users/<int:user_id>/reactivate")
@role_required("admin")
def reactivate(user_id):
    return _act(user_id, service.reactivate_user, "{email} can sign in again.")


@bp.route("/portal/admin/users/<int:user_id>/delete", methods=["GET", "POST"])
@role_required("admin")
def delete_user(user_id):
    user = service.get_user(user_id)
    error = None
    if request.method == "POST":
        if request.form.get("confirm_email", "").strip().lower() != user.email:
            error = "Type the user's email address exactly to confirm."
        else:
            email = user.email
            try:
                service.delete_user(get_current_user(), user, origin=request_origin())
                db.session.commit()
            except AppError as exc:
                db.session.rollback()
                error = exc.message
            else:
                flash(f"{email} and everything they owned are deleted.", "success")
                return redirect(url_for("admin.users"))
    page = render_template(
        "admin/delete.html", member=user, data=service.data_summary(user), error=error
    )
    return page, 422 if error else 200


@bp.get("/portal/admin/audit")
@role_required("admin")
def audit():
    names = ("actor", "action", "since", "until", "page")
    filters, errors = _query(AuditQuerySchema, names)
    events, meta = service.list_audit_events(
        actor=filters.get("actor"),
        action=filters.get("action"),
        since=filters.get("since"),
        until=filters.get("until"),
        page=filters["page"],
        per_page=AUDIT_PER_PAGE,
    )
    args = {k: request.args[k] for k in names[:-1] if request.args.get(k)}
    return render_template(
        "admin/audit.html",
        events=events,
        targets=targets.describe_targets(events),
        meta=meta,
        args=args,
        errors=errors,
        actions=service.known_actions(),
    )
