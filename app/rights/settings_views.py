"""The recruiter's page for what an interview offers candidates: the FAQ shown in
the room (and used by the interviewer), and the feedback report setting."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.errors import ValidationError
from app.extensions import db
from app.openapi import load_data
from app.rights import bp, faq
from app.rights.schemas import MAX_FAQ_ITEMS, CandidateSettingsSchema
from app.web import request_origin

BLANK_ROWS = 2


def _rows_from_form() -> list[dict]:
    """The FAQ rows as typed (both fields empty: the row is dropped)."""
    rows = []
    for index in range(MAX_FAQ_ITEMS):
        question = request.form.get(f"faq-{index}-question", "")
        answer = request.form.get(f"faq-{index}-answer", "")
        if question.strip() or answer.strip():
            rows.append({"question": question, "answer": answer})
    return rows


def _field_errors(details: dict) -> dict:
    """The schema's nested messages as the form's field names."""
    errors = {}
    faq_errors = details.get("faq", {})
    if isinstance(faq_errors, list):
        return {"_form": faq_errors}
    for index, fields in faq_errors.items():
        for name, messages in fields.items():
            errors[f"faq-{index}-{name}"] = messages
    return errors


def _page(interview, values, errors=None, status=200):
    rows = list(values["faq"])
    rows += [{"question": "", "answer": ""}] * min(
        BLANK_ROWS, MAX_FAQ_ITEMS - len(rows)
    )
    page = render_template(
        "rights/settings.html",
        interview=interview,
        rows=rows,
        feedback_report=values["feedback_report"],
        errors=errors or {},
    )
    return page, status, {"Cache-Control": "no-store"}


@bp.get("/portal/interviews/<int:interview_id>/for-candidates")
@recruiter_required
def candidate_settings(interview_id):
    """The FAQ and feedback report form."""
    interview, values = faq.read_settings(get_current_user(), interview_id)
    return _page(interview, values)


@bp.post("/portal/interviews/<int:interview_id>/for-candidates")
@recruiter_required
def save_candidate_settings(interview_id):
    """Save the FAQ and feedback setting; field messages when something is wrong."""
    user = get_current_user()
    interview, _ = faq.read_settings(user, interview_id)
    values = {
        "faq": _rows_from_form(),
        "feedback_report": request.form.get("feedback_report") == "1",
    }
    try:
        data = load_data(CandidateSettingsSchema, values)
    except ValidationError as error:
        return _page(interview, values, _field_errors(error.details), status=422)
    faq.save_settings(
        user,
        interview.id,
        data["faq"],
        data["feedback_report"],
        origin=request_origin(),
    )
    db.session.commit()
    flash("Saved what candidates see.", "success")
    return redirect(url_for("rights.candidate_settings", interview_id=interview.id))
