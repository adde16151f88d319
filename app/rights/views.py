"""Pages: the candidate flags an answer and asks for a person (no account: the link
is the key); the recruiter answers a request for a person."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user
from sqlalchemy import select

from app import tasks
from app.auth.decorators import recruiter_required
from app.errors import AppError, ValidationError
from app.extensions import db
from app.interviews.forms import form_errors
from app.link_tokens import MAX_TOKEN_LENGTH, hash_token
from app.models import AnswerFlag, InterviewSession, Invitation
from app.openapi import load_data
from app.rights import bp, flags, review_requests
from app.rights.links import read_review_request_link
from app.rights.schemas import (
    FLAG_REASON_LABELS,
    REVIEW_REASON_LABELS,
    FlagSchema,
    ReviewAnswerSchema,
    ReviewRequestSchema,
)
from app.web import form_data, request_origin

CANDIDATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
LINK_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _flag_page(flag: AnswerFlag, *, values=None, errors=None, status=200):
    session = db.session.get(InterviewSession, flag.session_id)
    interview = session.invitation.interview
    page = render_template(
        "rights/flag.html",
        company=interview.product.name,
        interview=interview,
        reasons=FLAG_REASON_LABELS,
        values=values or {},
        errors=errors or {},
        **flags.answer_context(flag),
    )
    return page, status, CANDIDATE_HEADERS


def _link_problem_page(problem: str, flag: AnswerFlag | None):
    company = None
    if flag is not None:
        session = db.session.get(InterviewSession, flag.session_id)
        company = session.invitation.interview.product.name
    page = render_template("rights/link_problem.html", problem=problem, company=company)
    return page, LINK_STATUS[problem], CANDIDATE_HEADERS


@bp.route("/receipt/flag/<token>", methods=["GET", "POST"])
def flag_answer(token):
    """The candidate flags one answer; the link works once, for 30 days."""
    flag = flags.find_flag(token)
    problem = flags.link_problem(flag)
    if problem:
        return _link_problem_page(problem, flag)
    if request.method == "GET":
        return _flag_page(flag)
    values = form_data()
    try:
        data = load_data(FlagSchema, values)
    except ValidationError as error:
        return _flag_page(flag, values=values, errors=error.details, status=422)
    if not flags.file_flag(flag, data["reason"], data["comment"]):
        db.session.rollback()
        return _link_problem_page(flags.link_problem(flag) or "used", flag)
    db.session.commit()
    session = db.session.get(InterviewSession, flag.session_id)
    page = render_template(
        "rights/done.html",
        company=session.invitation.interview.product.name,
        title="Thank you: your flag was sent",
        lead="The people reviewing your interview see it beside that answer, and "
        "must read it before they can turn your application down.",
    )
    return page, 200, CANDIDATE_HEADERS


def _invitation_by_link(token: str) -> Invitation | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalars(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    ).first()


def _request_page(invitation, action, *, values=None, errors=None, status=200):
    interview = invitation.interview
    page = render_template(
        "rights/request.html",
        company=interview.product.name,
        interview=interview,
        reasons=REVIEW_REASON_LABELS,
        action=action,
        values=values or {},
        errors=errors or {},
        waiting=review_requests.open_requests(invitation.id),
    )
    return page, status, CANDIDATE_HEADERS


def _request_person(invitation: Invitation | None, action: str):
    if invitation is None:
        return _link_problem_page("unknown", None)
    if request.method == "GET":
        return _request_page(invitation, action)
    values = form_data()
    try:
        data = load_data(ReviewRequestSchema, values)
        created = review_requests.create_request(
            invitation, data["reason"], data["message"]
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        errors = form_errors(error)
        return _request_page(
            invitation, action, values=values, errors=errors, status=422
        )
    tasks.email_review_request(created.id, "owner")
    page = render_template(
        "rights/done.html",
        company=invitation.interview.product.name,
        title="Your request was sent",
        lead="A person at the company will answer it by email, with a time to meet "
        "or their reasons.",
    )
    return page, 200, CANDIDATE_HEADERS


@bp.route("/i/<token>/request-person", methods=["GET", "POST"])
def request_person_from_invitation(token):
    """From the welcome page: ask for a human review or an alternative."""
    invitation = _invitation_by_link(token)
    action = url_for("rights.request_person_from_invitation", token=token)
    return _request_person(invitation, action)


@bp.route("/receipt/request/<signed>", methods=["GET", "POST"])
def request_person_from_receipt(signed):
    """From the receipt email: ask for a human review or an alternative."""
    invitation_id = read_review_request_link(signed)
    invitation = db.session.get(Invitation, invitation_id) if invitation_id else None
    action = url_for("rights.request_person_from_receipt", signed=signed)
    return _request_person(invitation, action)


def _answer_page(review_request, *, values=None, errors=None, status=200):
    invitation = review_request.invitation
    page = render_template(
        "rights/answer.html",
        review_request=review_request,
        invitation=invitation,
        interview=invitation.interview,
        reasons=REVIEW_REASON_LABELS,
        values=values or {},
        errors=errors or {},
    )
    return page, status, {"Cache-Control": "no-store"}


@bp.get("/portal/review-requests/<int:request_id>")
@recruiter_required
def review_request(request_id):
    """One request for a person, with the form to answer it."""
    return _answer_page(review_requests.get_request(get_current_user(), request_id))


@bp.post("/portal/review-requests/<int:request_id>")
@recruiter_required
def answer_review_request(request_id):
    """Approve or decline a request; the candidate is emailed the answer."""
    user = get_current_user()
    values = form_data()
    try:
        data = load_data(ReviewAnswerSchema, _form_answer(values))
        review_requests.answer_request(
            user, request_id, **data, origin=request_origin()
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        errors = form_errors(error)
        current = review_requests.get_request(user, request_id)
        return _answer_page(current, values=values, errors=errors, status=422)
    tasks.email_review_request(request_id, "candidate")
    flash("Your answer was sent to the candidate.", "success")
    return redirect(url_for("rights.review_request", request_id=request_id))


def _form_answer(values: dict) -> dict:
    """The form's fields as the API's: a local date and time is taken as UTC."""
    answer = {key: value for key, value in values.items() if value != ""}
    if answer.get("meeting_at") and len(answer["meeting_at"]) <= 16:
        answer["meeting_at"] += ":00+00:00"
    return answer
