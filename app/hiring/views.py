"""Portal pages for openings: list, form, the pipeline board, one application."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app import tasks
from app.auth.decorators import recruiter_required
from app.errors import AppError
from app.extensions import db
from app.hiring import applications, bp, quality, service, stages
from app.hiring.board_labels import LABELS
from app.hiring.forms import resume_response
from app.hiring.schemas import OpeningInSchema, OpeningUpdateSchema
from app.models import APPLICATION_STAGES, JOB_TYPES, SENIORITIES, WORK_MODES
from app.openapi import load_data
from app.ownership import get_application, get_opening, visible_interviews
from app.products.service import list_products
from app.web import form_data, request_origin

BOARD_COLUMNS = APPLICATION_STAGES


@bp.get("/portal/openings")
@recruiter_required
def openings():
    user = get_current_user()
    items, meta = service.list_openings(user, per_page=100)
    counts = {row["opening_id"]: row for row in _counts(user)}
    return render_template(
        "hiring/openings.html", openings=items, counts=counts, labels=LABELS
    )


def _counts(user):
    from app.hiring.stats import job_stats

    return job_stats(user)["applications"]


@bp.get("/portal/openings/stats")
@recruiter_required
def job_statistics():
    """Openings by status, applications per opening and stage, conversion between
    stages and time to the first interview (the figures of GET /api/v1/jobs/stats)."""
    from app.hiring.stats import job_stats

    return render_template(
        "hiring/stats.html",
        stats=job_stats(get_current_user()),
        stage_labels=stages.STAGE_LABELS,
        stages_in_order=APPLICATION_STAGES,
    )


def _form_values() -> tuple[dict, dict]:
    values = form_data()
    data = {k: v for k, v in values.items() if v.strip() != ""}
    data["required_skills"] = [
        s.strip() for s in values.get("required_skills", "").split(",") if s.strip()
    ]
    data["draft_interview_now"] = values.get("interview_id") == "draft"
    if data["draft_interview_now"] or not values.get("interview_id"):
        data.pop("interview_id", None)
        data.setdefault("interview_id", None)
    for key in ("salary_min", "salary_max"):
        data.setdefault(key, None)
    return values, data


@bp.route("/portal/openings/new", methods=["GET", "POST"])
@recruiter_required
def new_opening():
    user = get_current_user()
    values, errors = {"salary_currency": "EUR"}, {}
    if request.method == "POST":
        values, data = _form_values()
        try:
            opening = service.create_opening(user, **load_data(OpeningInSchema, data))
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
        else:
            flash(f"Opening “{opening.title}” saved.", "success")
            return redirect(url_for("hiring.board_page", opening_id=opening.id))
    return _render_form(user, None, values, errors)


@bp.route("/portal/openings/<int:opening_id>/edit", methods=["GET", "POST"])
@recruiter_required
def edit_opening(opening_id):
    user = get_current_user()
    opening = get_opening(user, opening_id)
    values = {name: getattr(opening, name) for name in service.FIELDS}
    values.update(
        required_skills=", ".join(opening.required_skills),
        interview_id=opening.interview_id or "",
        status=opening.status,
        product_id=opening.product_id,
    )
    errors = {}
    if request.method == "POST":
        values, data = _form_values()
        data.pop("product_id", None)
        try:
            changes = load_data(OpeningUpdateSchema, data)
            service.update_opening(user, opening, **changes)
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
        else:
            flash("Opening saved.", "success")
            return redirect(url_for("hiring.board_page", opening_id=opening.id))
    return _render_form(user, opening, values, errors)


def _render_form(user, opening, values, errors):
    products, _ = list_products(user, per_page=100)
    interviews = db.session.scalars(visible_interviews(user)).all()
    return render_template(
        "hiring/form.html",
        opening=opening,
        values=values,
        errors=errors,
        products=[(p.id, p.name) for p in products],
        interviews=[("", "None yet"), ("draft", "Draft a new one from this opening")]
        + [
            (i.id, f"{i.role_title} ({i.product.name}, {i.status})") for i in interviews
        ],
        type_options=[(t, LABELS[t]) for t in JOB_TYPES],
        mode_options=[(m, LABELS[m]) for m in WORK_MODES],
        level_options=[(s, s.capitalize()) for s in SENIORITIES],
    ), (422 if errors else 200)


@bp.get("/portal/openings/<int:opening_id>")
@recruiter_required
def board_page(opening_id):
    user = get_current_user()
    opening = get_opening(user, opening_id)
    items, _ = applications.list_candidates(user, opening, per_page=100_000)
    min_score = request.args.get("min_score", type=int)
    needle = (request.args.get("q") or "").strip().lower()
    if min_score is not None:
        items = [a for a in items if (a.match_score or 0) >= min_score]
    if needle:
        items = [a for a in items if needle in f"{a.name} {a.email}".lower()]
    columns = {stage: [a for a in items if a.stage == stage] for stage in BOARD_COLUMNS}
    return render_template(
        "hiring/pipeline.html",
        opening=opening,
        columns=columns,
        labels=stages.STAGE_LABELS,
        job_labels=LABELS,
        allowed=stages.allowed_moves,
        filters={"min_score": min_score, "q": needle},
        total=len(items),
    )


@bp.get("/portal/openings/<int:opening_id>/quality")
@recruiter_required
def quality_page(opening_id):
    """How the opening's AI interviews went: completion, duration, ratings, drop-off."""
    opening = get_opening(get_current_user(), opening_id)
    return render_template(
        "hiring/quality.html", opening=opening, report=quality.opening_quality(opening)
    )


@bp.post("/portal/openings/<int:opening_id>/status")
@recruiter_required
def opening_status(opening_id):
    user = get_current_user()
    opening = get_opening(user, opening_id)
    status = request.form.get("status", "")
    if status in ("draft", "open", "closed"):
        service.set_status(user, opening, status)
        db.session.commit()
        flash({"open": "Published on the job board.", "closed": "Closed.",
               "draft": "Back to draft."}[status], "success")  # fmt: skip
    return redirect(url_for("hiring.board_page", opening_id=opening.id))


@bp.post("/portal/openings/<int:opening_id>/delete")
@recruiter_required
def delete_opening(opening_id):
    user = get_current_user()
    opening = get_opening(user, opening_id)
    service.delete_opening(user, opening)
    db.session.commit()
    flash("Opening deleted.", "success")
    return redirect(url_for("hiring.openings"))


@bp.post("/portal/openings/<int:opening_id>/move")
@recruiter_required
def bulk_move(opening_id):
    user = get_current_user()
    opening = get_opening(user, opening_id)
    ids = [int(i) for i in request.form.getlist("application_id") if i.isdigit()]
    mine = {a.id for a in opening.applications}
    try:
        moved = stages.move_many(
            user,
            [i for i in ids if i in mine],
            request.form.get("stage", ""),
            note=request.form.get("note", "")[: stages.NOTE_MAX],
            origin=request_origin(),
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        tasks.email_invitations(moved.issued)
        flash(f"Moved {len(moved.moved)} application(s).", "success")
        for problem in sorted(set(moved.problems.values())):
            flash(problem, "error")
    return redirect(url_for("hiring.board_page", opening_id=opening.id))


@bp.get("/portal/applications/<int:application_id>")
@recruiter_required
def application_page(application_id):
    application = get_application(get_current_user(), application_id)
    invitation = application.invitation
    return render_template(
        "hiring/application.html",
        application=application,
        opening=application.opening,
        session=invitation.session if invitation else None,
        history=stages.history(application),
        labels=stages.STAGE_LABELS,
        moves=stages.allowed_moves(application),
    )


@bp.post("/portal/applications/<int:application_id>/stage")
@recruiter_required
def move_stage(application_id):
    user = get_current_user()
    application = get_application(user, application_id)
    back = request.form.get("back") == "board"
    try:
        moved = stages.move(
            user,
            application,
            request.form.get("stage", ""),
            note=request.form.get("note", "")[: stages.NOTE_MAX],
            origin=request_origin(),
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        tasks.email_invitations(moved.issued)
        label = stages.STAGE_LABELS[application.stage]
        flash(f"{application.name} moved to {label.lower()}.", "success")
    if back:
        return redirect(url_for("hiring.board_page", opening_id=application.opening_id))
    return redirect(url_for("hiring.application_page", application_id=application.id))


@bp.get("/portal/applications/<int:application_id>/resume")
@recruiter_required
def resume_download(application_id):
    return resume_response(get_application(get_current_user(), application_id))
