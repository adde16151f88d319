"""Pages: the candidate's voluntary self-identification after the interview, and the
admin's fairness report."""

from flask import redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.errors import AuthError, ValidationError
from app.extensions import db
from app.fairness import bp, service
from app.fairness.schemas import (
    LABELS,
    QUESTIONS,
    SelfIdentificationSchema,
    form_options,
)
from app.invitations.tokens import consent_form_token, consent_form_token_valid
from app.live.participants import COOKIE_NAME, read_participant_token
from app.models import SELF_ID_CHOICES, InterviewSession
from app.openapi import load_data
from app.ownership import get_interview

NO_REFERRER = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _participant_session() -> InterviewSession:
    """The session of this browser's participant cookie, or the sign-in message."""
    ids = read_participant_token(request.cookies.get(COOKIE_NAME))
    session = db.session.get(InterviewSession, ids[0]) if ids else None
    if session is None or session.invitation_id != ids[1]:
        raise AuthError("Open the link from your invitation email first.")
    return session


def _form(session, *, values=None, errors=None, status=200):
    interview = session.invitation.interview
    page = render_template(
        "fairness/self_id.html",
        interview=interview,
        company=interview.product.name,
        options=form_options(),
        questions=QUESTIONS,
        values=values or {},
        errors=errors or {},
        form_token=consent_form_token(session.invitation.token_hash),
        answered=service.has_self_identified(session),
    )
    return page, status, NO_REFERRER


@bp.get("/interview/about-you")
def self_id_form():
    """The optional questions, offered once the interview has ended."""
    session = _participant_session()
    if not service.may_self_identify(session):
        return redirect(url_for("live.room"))
    return _form(session)


@bp.post("/interview/about-you")
def self_id_submit():
    """Store the answers (or none), then thank the candidate."""
    session = _participant_session()
    if not service.may_self_identify(session):
        return redirect(url_for("live.room"))
    if not consent_form_token_valid(
        session.invitation.token_hash, request.form.get("csrf_token")
    ):
        raise AuthError("This page was open too long. Please open it again.")
    values = {name: request.form.get(name) or None for name in SELF_ID_CHOICES}
    values = {name: value for name, value in values.items() if value}
    try:
        answers = load_data(SelfIdentificationSchema, values)
    except ValidationError as error:
        return _form(session, values=values, errors=error.details, status=422)
    service.record_self_identification(session, answers)
    db.session.commit()
    interview = session.invitation.interview
    page = render_template(
        "fairness/self_id_done.html",
        interview=interview,
        company=interview.product.name,
    )
    return page, 200, NO_REFERRER


@bp.get("/portal/admin/fairness")
@role_required("admin")
def fairness_index():
    rows = service.interviews_with_answers(get_current_user())
    return render_template("fairness/index.html", rows=rows)


@bp.get("/portal/admin/fairness/interviews/<int:interview_id>")
@role_required("admin")
def fairness_interview(interview_id):
    interview = get_interview(get_current_user(), interview_id)
    report = service.fairness_report(interview)
    return render_template(
        "fairness/report.html",
        report=report,
        questions=QUESTIONS,
        labels=LABELS,
        minimum=service.MIN_GROUP,
        threshold=service.FOUR_FIFTHS,
    )
