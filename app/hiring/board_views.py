"""The public job board: open jobs with search, one job with its Apply form, and the
applicant's own page (check the application, withdraw it). No login."""

from flask import flash, redirect, render_template, request, url_for

from app import tasks
from app.errors import AppError, Gone
from app.extensions import db
from app.hiring import applications, bp, service
from app.hiring.board_labels import LABELS
from app.hiring.forms import allow_resume_upload, read_apply_form
from app.hiring.schemas import JobSearchSchema
from app.hiring.stages import STAGE_LABELS
from app.models import JOB_TYPES, SENIORITIES, WORK_MODES
from app.openapi import load_data
from app.ratelimits import limit_by_address


def _filters() -> dict:
    args = {k: v for k, v in request.args.items() if v.strip()}
    try:
        return load_data(JobSearchSchema, args)
    except AppError:
        return load_data(JobSearchSchema, {})


@bp.get("/jobs")
def board():
    filters = _filters()
    jobs, meta = service.search_openings(**{**filters, "per_page": 10})
    meta["per_page"] = 10
    return render_template(
        "hiring/board.html",
        jobs=jobs,
        meta=meta,
        filters=filters,
        labels=LABELS,
        type_options=[(t, LABELS[t]) for t in JOB_TYPES],
        mode_options=[(m, LABELS[m]) for m in WORK_MODES],
        level_options=[(level, level.capitalize()) for level in SENIORITIES],
    )


@bp.route("/jobs/<int:job_id>", methods=["GET", "POST"])
@limit_by_address("RATELIMIT_APPLY", "apply")
def job(job_id):
    opening = service.get_public_opening(job_id)
    values, errors = {}, {}
    if request.method == "POST":
        allow_resume_upload()  # before anything reads the form
        values = dict(request.form)
        try:
            fields, resume, filename = read_apply_form()
            submitted = applications.apply(
                opening, resume=resume, resume_filename=filename, **fields
            )
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
        else:
            tasks.application_received(submitted.application.id, submitted.token)
            return redirect(url_for("hiring.applied", job_id=opening.id))
    return render_template(
        "hiring/job.html", job=opening, labels=LABELS, values=values, errors=errors
    ), (422 if errors else 200)


@bp.get("/jobs/<int:job_id>/applied")
def applied(job_id):
    opening = service.get_public_opening(job_id)
    return render_template("hiring/applied.html", job=opening)


@bp.get("/jobs/applications/<token>")
def my_application(token):
    application = applications.by_token(token)
    return render_template(
        "hiring/my_application.html",
        application=application,
        token=token,
        stage_label=STAGE_LABELS[application.stage],
    )


@bp.post("/jobs/applications/<token>/withdraw")
def withdraw(token):
    application = applications.by_token(token)
    try:
        applications.withdraw(application)
        db.session.commit()
    except Gone as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash("Your application is withdrawn. Thank you for your interest.", "success")
    return redirect(url_for("hiring.my_application", token=token))
