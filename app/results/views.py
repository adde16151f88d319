"""Portal pages for results: the interview's candidates, a session's report (and its
printable copy), the stage decision, scoring again, and comparing answers."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.errors import AppError, ValidationError
from app.extensions import db
from app.integrity import signals as integrity_signals
from app.interviews.forms import form_errors
from app.models import RECOMMENDATIONS, SCORING_STATUSES, SESSION_STATUSES, STAGES
from app.openapi import load_data
from app.ownership import get_interview, get_session
from app.results import bp, decisions, overrides
from app.results import service as results
from app.results.schemas import OverrideSchema, SessionPageQuerySchema, StageSchema
from app.rights import badges as rights_badges
from app.schemas import PageQuerySchema
from app.web import form_data, request_origin

NO_STORE = {"Cache-Control": "no-store"}
FILTER_FIELDS = (
    "stage",
    "status",
    "scoring_status",
    "recommendation",
    "min_score",
    "max_score",
    "started_from",
    "started_to",
    "unseen",
    "sort",
)
STAGE_LABELS = {"new": "New", "advance": "Advance", "hold": "Hold", "reject": "Reject"}
LABELS = {
    "new": "No decision",
    "in_progress": "In progress",
    "do_not_advance": "Do not advance",
    "pending": "Not scored yet",
    "running": "Scoring",
    "done": "Scored",
    "needs_review": "Needs review",
}
FILTER_OPTIONS = {
    name: [(value, LABELS.get(value, value.capitalize())) for value in values]
    for name, values in (
        ("stages", STAGES),
        ("statuses", SESSION_STATUSES),
        ("scoring", SCORING_STATUSES),
        ("recommendations", RECOMMENDATIONS),
    )
}


def _filters() -> tuple[dict, dict, dict]:
    """The list's query (validated), the raw values to refill the form, and errors.

    The page speaks the one scale every score is shown on (out of 10); overall scores
    are stored 0-100, so the score filters are scaled here.
    """
    raw = {k: v for k, v in request.args.items() if k in FILTER_FIELDS + ("page",)}
    raw = {k: v for k, v in raw.items() if v != ""}
    try:
        query, errors = load_data(SessionPageQuerySchema, raw), {}
    except ValidationError as error:  # show why, and the whole list meanwhile
        query, errors = load_data(SessionPageQuerySchema, {}), error.details
    for name in ("min_score", "max_score"):
        if query.get(name) is not None:
            query[name] *= 10
    return query, raw, errors


@bp.get("/portal/interviews/<int:interview_id>/candidates")
@recruiter_required
def candidates(interview_id):
    """The interview's candidates: sortable, filterable, paginated."""
    user = get_current_user()
    interview = get_interview(user, interview_id)
    query, values, errors = _filters()
    items, meta = results.list_sessions(user, interview.id, **query)
    return (
        render_template(
            "results/candidates.html",
            interview=interview,
            sessions=items,
            meta=meta,
            query=query,
            values=values,
            errors=errors,
            counts=results.result_counts(interview),
            options=FILTER_OPTIONS,
            rights_pending=rights_badges.pending_for(items),
        ),
        200,
        NO_STORE,
    )


def integrity_context(session) -> dict:
    """The integrity signals' helpers and the per-interview summary for a report."""
    answers = [
        (message.integrity, len(message.content))
        for message in session.messages
        if message.role == "candidate"
    ]
    return {
        "facts": integrity_signals.facts,
        "mostly_pasted": integrity_signals.mostly_pasted,
        "summary": integrity_signals.summary(answers),
    }


def _render_report(session, template="results/report.html", status=200, **extra):
    context = {
        "stage_values": {"stage": session.stage, "note": session.stage_note},
        "override": {},
        "override_errors": {},
    }
    context.update(extra)
    return (
        render_template(
            template,
            session=session,
            interview=session.invitation.interview,
            report=results.session_report(session),
            stage_labels=STAGE_LABELS,
            stage_errors=context.pop("stage_errors", {}),
            integrity=integrity_context(session),
            **context,
        ),
        status,
        NO_STORE,
    )


@bp.get("/portal/sessions/<int:session_id>")
@recruiter_required
def report(session_id):
    """A session's report; opening a finished one marks it seen."""
    user = get_current_user()
    session = get_session(user, session_id)
    results.mark_seen(user, session)
    results.record_report_read(user, session, "page", request_origin())
    db.session.commit()
    return _render_report(session)


@bp.get("/portal/sessions/<int:session_id>/print")
@recruiter_required
def report_print(session_id):
    """The report as a printable page (no forms, print styles)."""
    user = get_current_user()
    session = get_session(user, session_id)
    results.record_report_read(user, session, "print", request_origin())
    db.session.commit()
    return _render_report(session, "results/report_print.html")


@bp.post("/portal/sessions/<int:session_id>/stage")
@recruiter_required
def set_stage(session_id):
    """Record the recruiter's decision (advance, hold, reject) with a note."""
    user = get_current_user()
    values = form_data()
    try:
        data = load_data(StageSchema, values)
        session = decisions.set_stage(
            user,
            session_id,
            data["stage"],
            data["note"],
            acknowledge_flags=data["acknowledge_flags"],
            origin=request_origin(),
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _render_report(
            get_session(user, session_id),
            status=422,
            stage_values=values,
            stage_errors=form_errors(error),
        )
    name = session.invitation.name or session.invitation.email
    flash(f"{name}: stage set to {STAGE_LABELS[session.stage]}.", "success")
    return redirect(url_for("results.report", session_id=session_id, _anchor="stage"))


@bp.post("/portal/sessions/<int:session_id>/questions/<int:question_id>/score")
@recruiter_required
def override_score(session_id, question_id):
    """Override one question's score with a reason (the AI's stays beside it)."""
    user = get_current_user()
    values = form_data()
    try:
        data = load_data(OverrideSchema, values)
        overrides.override_score(
            user,
            session_id,
            question_id,
            data["score"],
            data["reason"],
            origin=request_origin(),
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _render_report(
            get_session(user, session_id),
            status=422,
            override={"question_id": question_id, "values": values},
            override_errors=form_errors(error),
        )
    flash("Your score is saved; the overall score uses it.", "success")
    anchor = f"question-{question_id}"
    return redirect(url_for("results.report", session_id=session_id, _anchor=anchor))


@bp.post("/portal/sessions/<int:session_id>/rescore")
@recruiter_required
def rescore(session_id):
    """Queue the answers that could not be scored for another try."""
    try:
        results.rescore_session(get_current_user(), session_id, origin=request_origin())
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        form_errors(error)  # a missing session is a 404 page, not a message
        flash(error.message, "error")
    else:
        flash("Those answers are being scored again.", "success")
    return redirect(url_for("results.report", session_id=session_id))


@bp.get("/portal/interviews/<int:interview_id>/questions/<int:question_id>/compare")
@recruiter_required
def compare(interview_id, question_id):
    """Every candidate's answer to one question, side by side with its scores."""
    user = get_current_user()
    try:
        page = load_data(PageQuerySchema, {"page": request.args.get("page", "1")})
    except ValidationError:
        page = {"page": 1, "per_page": 20}
    rows, meta, question = results.compare_answers(
        user, interview_id, question_id, page=page["page"], per_page=12
    )
    return (
        render_template(
            "results/compare.html",
            interview=question.interview,
            question=question,
            rows=rows,
            meta=meta,
        ),
        200,
        NO_STORE,
    )
