"""Practice pages for saved job descriptions: list, add, edit, delete."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.errors import AppError
from app.extensions import db
from app.openapi import load_data
from app.practice import bp, service
from app.practice.schemas import JobDescriptionInSchema
from app.web import form_data


def _page(user, record=None, values=None, errors=None, status=200):
    page = render_template(
        "practice/job_descriptions.html",
        items=service.list_job_descriptions(user),
        record=record,
        values=values or {},
        errors=errors or {},
    )
    return page, status


@bp.route("/practice/job-descriptions", methods=["GET", "POST"])
@role_required("candidate")
def job_descriptions_page():
    user = get_current_user()
    if request.method == "GET":
        return _page(user)
    values = form_data()
    try:
        service.save_job_description(user, **load_data(JobDescriptionInSchema, values))
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _page(
            user, None, values, error.details or {"_form": [error.message]}, 422
        )
    flash("The job description is saved.", "success")
    return redirect(url_for("practice.job_descriptions_page"))


@bp.route("/practice/job-descriptions/<int:jd_id>/edit", methods=["GET", "POST"])
@role_required("candidate")
def edit_job_description(jd_id):
    user = get_current_user()
    record = service.get_job_description(user, jd_id)
    if request.method == "GET":
        values = {"title": record.title, "company": record.company, "text": record.text}
        return _page(user, record, values)
    values = form_data()
    try:
        data = load_data(JobDescriptionInSchema, values)
        service.save_job_description(user, record, **data)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _page(user, record, values, error.details or {}, 422)
    flash("The job description is saved.", "success")
    return redirect(url_for("practice.job_descriptions_page"))


@bp.post("/practice/job-descriptions/<int:jd_id>/delete")
@role_required("candidate")
def delete_job_description(jd_id):
    user = get_current_user()
    service.delete_job_description(user, service.get_job_description(user, jd_id))
    db.session.commit()
    flash("The job description is deleted.", "info")
    return redirect(url_for("practice.job_descriptions_page"))
