"""Portal actions on questions, posted from the interview editor: add, draft with AI,
approve, move, delete, and the edit-question page. Without JavaScript every action is a
plain form; with it, the editor reorders by drag and drop through the JSON API."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app import ratelimits
from app.auth.decorators import recruiter_required
from app.errors import AppError
from app.extensions import db
from app.interviews import bp, forms
from app.interviews import question_service as service
from app.interviews.schemas import (
    GenerateSchema,
    QuestionCreateSchema,
    QuestionUpdateSchema,
)
from app.interviews.views import (
    attempt,
    choices,
    form_errors,
    render_editor,
)
from app.openapi import load_data
from app.ownership import get_interview, get_question
from app.web import request_origin


def question_errors(error: AppError) -> dict:
    """Messages for a question form ("skills" is also a settings field on the page)."""
    errors = form_errors(error)
    if "skills" in errors:
        errors["question_skills"] = errors.pop("skills")
    return errors


def _editor_url(interview_id: int, anchor: str | None = "questions") -> str:
    return url_for(
        "interviews.edit_interview", interview_id=interview_id, _anchor=anchor
    )


@bp.post("/portal/interviews/<int:interview_id>/questions")
@recruiter_required
def add_question(interview_id):
    user = get_current_user()
    try:
        data = load_data(QuestionCreateSchema, forms.question_payload(request.form))
        service.add_question(user, interview_id, **data)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        values = dict(request.form, approved=True)
        return render_editor(
            get_interview(user, interview_id),
            422,
            question_values=values,
            question_errors=question_errors(error),
        )
    flash("Question added at the end of the list.", "success")
    return redirect(_editor_url(interview_id, None))


@bp.post("/portal/interviews/<int:interview_id>/questions/generate")
@recruiter_required
def generate_questions(interview_id):
    user = get_current_user()
    count_text = request.form.get("count", "5")
    try:
        count = load_data(
            GenerateSchema, {"count": forms.parse_number(count_text, int)}
        )["count"]
        ratelimits.hit("RATELIMIT_AI_DRAFTING", "user", user.id)
        drafts = service.generate_questions(user, interview_id, count)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return render_editor(
            get_interview(user, interview_id),
            error.status,
            generate_errors=form_errors(error),
            generate_count=count_text,
        )
    flash(
        f"Drafted {len(drafts)} question{'s' if len(drafts) != 1 else ''}. Review, "
        "edit "
        "and approve them: only approved questions are asked.",
        "success",
    )
    return redirect(_editor_url(interview_id, None))


@bp.post("/portal/interviews/<int:interview_id>/questions/approve")
@recruiter_required
def approve_drafts(interview_id):
    service.approve_drafts(get_current_user(), interview_id)
    db.session.commit()
    flash("Every draft is approved.", "success")
    return redirect(_editor_url(interview_id, None))


@bp.route("/portal/questions/<int:question_id>/edit", methods=["GET", "POST"])
@recruiter_required
def edit_question(question_id):
    user = get_current_user()
    question = get_question(user, question_id)
    values, errors = forms.question_values(question), {}
    if request.method == "POST":
        payload = forms.question_payload(request.form, editing=True)
        try:
            service.update_question(
                user, question.id, **load_data(QuestionUpdateSchema, payload)
            )
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = question_errors(error)
            values = dict(request.form, approved=payload["approved"])
            question = get_question(user, question_id)
        else:
            flash("Question saved.", "success")
            return redirect(
                _editor_url(question.interview_id, f"question-{question.id}")
            )
    return render_template(
        "interviews/question_edit.html",
        question=question,
        interview=question.interview,
        values=values,
        errors=errors,
        options=choices(),
    ), 422 if errors else 200


@bp.post("/portal/questions/<int:question_id>/approve")
@recruiter_required
def approve_question(question_id):
    question = service.approve_question(get_current_user(), question_id)
    db.session.commit()
    flash("Question approved.", "success")
    return redirect(_editor_url(question.interview_id, f"question-{question.id}"))


@bp.post("/portal/questions/<int:question_id>/move")
@recruiter_required
def move_question(question_id):
    direction = request.form.get("direction", "")
    question = service.move_question(get_current_user(), question_id, direction)
    db.session.commit()
    return redirect(_editor_url(question.interview_id, f"question-{question.id}"))


@bp.post("/portal/questions/<int:question_id>/delete")
@recruiter_required
def delete_question(question_id):
    user = get_current_user()
    interview_id = get_question(user, question_id).interview_id
    _interview, ok = attempt(
        service.delete_question, user, question_id, origin=request_origin()
    )
    if ok:
        flash("Question deleted.", "success")
    return redirect(_editor_url(interview_id, None))
