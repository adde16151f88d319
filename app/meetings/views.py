"""Portal pages for meetings: the upcoming list, scheduling from a candidate's report,
moving and cancelling."""

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.errors import ServiceUnavailable, ValidationError
from app.extensions import db
from app.meetings import bp, service
from app.meetings.schemas import MeetingCreateSchema, MeetingUpdateSchema
from app.openapi import load_data
from app.ownership import get_meeting, get_session

DURATIONS = [(str(m), f"{m} minutes") for m in (30, 45, 60, 90)]
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _form_values(form) -> dict:
    """The page's fields as the API takes them: a UTC time, a list of emails."""
    values = {}
    when = (form.get("starts_at") or "").strip()
    if when:
        try:
            moment = datetime.strptime(when, LOCAL_FORMAT).replace(tzinfo=UTC)
            values["starts_at"] = moment.isoformat()
        except ValueError:
            values["starts_at"] = when  # the schema says what is wrong with it
    if form.get("duration_minutes"):
        values["duration_minutes"] = form["duration_minutes"]
    people = (form.get("interviewers") or "").replace(",", "\n").split()
    values["interviewers"] = [person.strip() for person in people if person.strip()]
    for name in ("provider", "url"):
        if form.get(name):
            values[name] = form[name].strip()
    return values


def _render(template: str, status: int = 200, **context):
    choices = [("jitsi", "A new Jitsi Meet room"), ("url", "A link I paste")]
    if service.default_provider() == "zoom":
        choices.insert(0, ("zoom", "Zoom"))
    context.setdefault("values", {})
    context.setdefault("errors", {})
    page = render_template(template, durations=DURATIONS, providers=choices, **context)
    return page, status


@bp.get("/portal/meetings")
@recruiter_required
def index():
    include_past = request.args.get("past") == "1"
    items, meta = service.list_meetings(
        get_current_user(), include_past=include_past, page=1, per_page=100
    )
    return render_template(
        "meetings/index.html", meetings=items, meta=meta, include_past=include_past
    )


@bp.get("/portal/sessions/<int:session_id>/meetings/new")
@recruiter_required
def new(session_id):
    session = get_session(get_current_user(), session_id)
    values = {"duration_minutes": "45", "provider": service.default_provider()}
    return _render("meetings/form.html", session=session, meeting=None, values=values)


@bp.post("/portal/sessions/<int:session_id>/meetings/new")
@recruiter_required
def create(session_id):
    user = get_current_user()
    session = get_session(user, session_id)
    try:
        data = load_data(MeetingCreateSchema, _form_values(request.form))
        service.schedule(user, session.id, data)
        db.session.commit()
    except (ValidationError, ServiceUnavailable) as error:
        db.session.rollback()
        return _form_again(error, session=session, meeting=None)
    flash(
        "Meeting scheduled. The candidate and interviewers get the invitation.",
        "success",
    )
    return redirect(url_for("meetings.index"))


@bp.get("/portal/meetings/<int:meeting_id>/edit")
@recruiter_required
def edit(meeting_id):
    meeting = get_meeting(get_current_user(), meeting_id)
    values = {
        "starts_at": meeting.starts_at.strftime(LOCAL_FORMAT),
        "duration_minutes": str(meeting.duration_minutes),
        "interviewers": "\n".join(meeting.interviewers),
    }
    return _render(
        "meetings/form.html", session=meeting.session, meeting=meeting, values=values
    )


@bp.post("/portal/meetings/<int:meeting_id>/edit")
@recruiter_required
def update(meeting_id):
    user = get_current_user()
    meeting = get_meeting(user, meeting_id)
    values = _form_values(request.form)
    values.pop("provider", None)
    values.pop("url", None)
    try:
        data = load_data(MeetingUpdateSchema, values)
        service.reschedule(user, meeting.id, data)
        db.session.commit()
    except (ValidationError, ServiceUnavailable) as error:
        db.session.rollback()
        meeting = get_meeting(user, meeting_id)
        return _form_again(error, session=meeting.session, meeting=meeting)
    flash("Meeting moved. Everyone gets the update by email.", "success")
    return redirect(url_for("meetings.index"))


@bp.post("/portal/meetings/<int:meeting_id>/cancel")
@recruiter_required
def cancel(meeting_id):
    try:
        service.cancel(get_current_user(), meeting_id)
        db.session.commit()
    except ServiceUnavailable as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash("Meeting cancelled. Everyone gets the cancellation by email.", "success")
    return redirect(url_for("meetings.index"))


def _form_again(error, **context):
    """The form with the fields as sent and what is wrong with them."""
    if isinstance(error, ValidationError):
        errors = error.details or {"_form": [error.message]}
    else:
        errors = {"_form": [error.message]}
    values = dict(request.form)
    return _render(
        "meetings/form.html", status=422, values=values, errors=errors, **context
    )
