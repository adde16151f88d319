"""Admin pages to create a user of any role and to edit one."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app import tasks
from app.admin import accounts, bp, service
from app.admin.schemas import UserCreateSchema, UserReplaceSchema
from app.auth import recovery
from app.auth.decorators import role_required
from app.errors import AppError
from app.extensions import db
from app.openapi import load_data
from app.web import form_data, request_origin

ROLE_OPTIONS = [
    ("candidate", "Candidate"),
    ("recruiter", "Recruiter"),
    ("admin", "Admin"),
]


def _errors(error: AppError) -> dict:
    return error.details or {"_form": [error.message]}


def _form(member=None, values=None, errors=None, status=200):
    page = render_template(
        "admin/user_form.html",
        member=member,
        values=values or {},
        errors=errors or {},
        roles=ROLE_OPTIONS,
    )
    return page, status


@bp.route("/portal/admin/users/new", methods=["GET", "POST"])
@role_required("admin")
def new_user():
    """Create an account; the user is emailed a link to set their password."""
    if request.method == "GET":
        return _form(values={"role": request.args.get("role", "recruiter")})
    values = form_data()
    try:
        data = load_data(UserCreateSchema, values)
        user, token = accounts.create_user(
            get_current_user(), **data, origin=request_origin()
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _form(values=values, errors=_errors(error), status=422)
    tasks.email_account_link(recovery.WELCOME, user.id, token)
    flash(
        f"{user.email} is created and was emailed a link to set a password.", "success"
    )
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/portal/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id):
    """Change a user's email, username, full name and role."""
    user = service.get_user(user_id)
    if request.method == "GET":
        values = {k: getattr(user, k) for k in ("email", "username", "full_name")}
        return _form(user, {**values, "role": user.role})
    values = form_data()
    try:
        data = load_data(UserReplaceSchema, values)
        accounts.edit_user(get_current_user(), user, **data, origin=request_origin())
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _form(user, values, _errors(error), status=422)
    flash(f"{user.email} is saved.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))
