"""Portal pages for interviews: create, edit (settings and question editor), detail,
and the status actions (activate, close, duplicate, delete) posted from them."""

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app import ratelimits
from app.ai.providers import describe_provider
from app.auth.decorators import recruiter_required
from app.errors import AppError
from app.extensions import db
from app.interviews import bp, forms, rubrics, service
from app.interviews.forms import form_errors
from app.interviews.schemas import InterviewCreateSchema, InterviewUpdateSchema
from app.invitations import service as invitations
from app.models import DIFFICULTIES, QUESTION_KINDS, SENIORITIES
from app.openapi import load_data
from app.ownership import get_interview, get_product
from app.results import service as results
from app.web import request_origin, safe_next_url

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("pt", "Portuguese"),
    ("pt-BR", "Portuguese (Brazil)"),
    ("it", "Italian"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("sv", "Swedish"),
    ("tr", "Turkish"),
    ("ja", "Japanese"),
    ("zh", "Chinese"),
    ("hi", "Hindi"),
    ("ar", "Arabic"),
]


def choices(value: str | None = None) -> dict:
    """Option lists for the interview and question forms."""
    languages = list(LANGUAGES)
    if value and value not in dict(languages):
        languages.insert(0, (value, value))
    return {
        "seniorities": [(s, s.capitalize()) for s in SENIORITIES],
        "languages": languages,
        "kinds": [
            (k, "Warm-up" if k == "warmup" else k.capitalize()) for k in QUESTION_KINDS
        ],
        "difficulties": [(d, d.capitalize()) for d in DIFFICULTIES],
        "follow_ups": [(str(n), str(n)) for n in range(4)],
    }


def render_editor(interview, status: int = 200, **parts):
    """The edit page: settings, question editor and drafting, with any form state."""
    settings = parts.pop("settings", None) or forms.settings_values(interview)
    blank_question = forms.question_values(None, interview.follow_up_depth)
    context = {
        "values": settings,
        "errors": {},
        "rubric_cells": set(),
        "question_values": blank_question,
        "question_errors": {},
        "generate_errors": {},
        "generate_count": "5",
        **parts,
    }
    return render_template(
        "interviews/edit.html",
        interview=interview,
        counts=service.interview_counts(interview),
        ai=describe_provider(),
        options=choices(settings.get("language")),
        **context,
    ), status


def _render_new(product, values: dict, errors: dict | None = None, cells=()):
    return render_template(
        "interviews/new.html",
        product=product,
        values=values,
        errors=errors or {},
        rubric_cells=set(cells),
        options=choices(values.get("language")),
    ), 422 if errors else 200


@bp.route("/portal/products/<int:product_id>/interviews/new", methods=["GET", "POST"])
@recruiter_required
def new_interview(product_id):
    user = get_current_user()
    product = get_product(user, product_id)
    if request.method == "GET":
        return _render_new(product, forms.settings_values())
    payload, row_map = forms.settings_payload(request.form)
    if not payload.get("rubric"):
        payload.pop("rubric", None)  # none typed: drafted from the role
    try:
        data = load_data(InterviewCreateSchema, payload)
        interview = service.create_interview(user, product.id, **data)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _render_new(
            product,
            forms.form_settings_values(request.form),
            form_errors(error, row_map),
            forms.rubric_cell_errors(error.details, row_map),
        )
    flash(
        "Interview created as a draft. Add or generate questions, then activate it.",
        "success",
    )
    return redirect(url_for("interviews.edit_interview", interview_id=interview.id))


@bp.post("/portal/interviews/<int:interview_id>/rubric/draft")
@recruiter_required
def draft_rubric(interview_id):
    user = get_current_user()
    try:
        ratelimits.hit("RATELIMIT_AI_DRAFTING", "user", user.id)
        rubrics.redraft_rubric(user, interview_id)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        form_errors(error)  # a missing interview is a 404, not a message
        flash(error.message, "error")
    else:
        flash(
            "Rubric drafted from the role. Review the competencies and anchors.",
            "success",
        )
    return redirect(
        url_for(
            "interviews.edit_interview", interview_id=interview_id, _anchor="scoring"
        )
    )


@bp.get("/portal/interviews/<int:interview_id>")
@recruiter_required
def detail(interview_id):
    interview = get_interview(get_current_user(), interview_id)
    return render_template(
        "interviews/detail.html",
        interview=interview,
        counts=service.interview_counts(interview),
        invitation_counts=invitations.status_counts(interview),
        recent_sessions=results.recent_sessions(interview),
    )


@bp.route("/portal/interviews/<int:interview_id>/edit", methods=["GET", "POST"])
@recruiter_required
def edit_interview(interview_id):
    user = get_current_user()
    interview = get_interview(user, interview_id)
    if request.method == "GET":
        return render_editor(interview)
    payload, row_map = forms.settings_payload(request.form)
    try:
        service.update_interview(
            user, interview.id, **load_data(InterviewUpdateSchema, payload)
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return render_editor(
            get_interview(user, interview_id),
            422,
            settings=forms.form_settings_values(request.form),
            errors=form_errors(error, row_map),
            rubric_cells=forms.rubric_cell_errors(error.details, row_map),
        )
    flash("Settings saved.", "success")
    return redirect(
        url_for(
            "interviews.edit_interview", interview_id=interview.id, _anchor="settings"
        )
    )


def _back(interview_id: int) -> str:
    default = url_for("interviews.detail", interview_id=interview_id)
    return safe_next_url(request.form.get("next"), default)


def attempt(action, *args, **kwargs) -> tuple[object, bool]:
    """Run a service call and commit; on a refusal roll back, flash why, ok=False."""
    try:
        result = action(*args, **kwargs)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        form_errors(error)  # a missing record is a 404 page, not a message
        flash(error.message, "error")
        return None, False
    return result, True


def _status_action(interview_id: int, action, message: str, to_detail=False):
    """Run a status change and come back with a flash: the message, or why it failed.

    With to_detail, success lands on the interview page, whose first step is inviting.
    """
    interview, ok = attempt(
        action, get_current_user(), interview_id, origin=request_origin()
    )
    if ok:
        flash(message.format(title=interview.role_title), "success")
        if to_detail:
            return redirect(url_for("interviews.detail", interview_id=interview_id))
    return redirect(_back(interview_id))


@bp.post("/portal/interviews/<int:interview_id>/activate")
@recruiter_required
def activate(interview_id):
    reason = (request.form.get("override_reason") or "").strip()[:500] or None
    return _status_action(
        interview_id,
        partial(service.activate_interview, override_reason=reason),
        "“{title}” is active: invite candidates to take it.",
        to_detail=True,
    )


@bp.post("/portal/interviews/<int:interview_id>/close")
@recruiter_required
def close(interview_id):
    return _status_action(
        interview_id,
        service.close_interview,
        "“{title}” is closed to new candidates. Everything recorded so far is kept.",
    )


@bp.post("/portal/interviews/<int:interview_id>/duplicate")
@recruiter_required
def duplicate(interview_id):
    title = (request.form.get("role_title") or "").strip() or None
    copy, ok = attempt(
        service.duplicate_interview,
        get_current_user(),
        interview_id,
        role_title=title,
        origin=request_origin(),
    )
    if not ok:
        return redirect(_back(interview_id))
    flash(
        f"Created “{copy.role_title}” as a draft copy. Adjust it for the new role.",
        "success",
    )
    return redirect(url_for("interviews.edit_interview", interview_id=copy.id))


@bp.post("/portal/interviews/<int:interview_id>/delete")
@recruiter_required
def delete(interview_id):
    user = get_current_user()
    interview = get_interview(user, interview_id)
    product_id, title = interview.product_id, interview.role_title
    _none, ok = attempt(
        service.delete_interview, user, interview_id, origin=request_origin()
    )
    if not ok:
        return redirect(_back(interview_id))
    flash(f"Deleted the draft “{title}”.", "success")
    return redirect(url_for("products.detail", product_id=product_id))
