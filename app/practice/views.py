"""Practice pages: the dashboard (start a session), the interview room, the end of a
session and its feedback."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.errors import AppError
from app.extensions import db
from app.live.participants import set_participant_cookie
from app.models import COMPANY_STYLES, EXPERIENCE_LEVELS, TRACKS
from app.models.practice import EXPERIENCE_LABELS, TRACK_LABELS
from app.openapi import load_data
from app.practice import bp, profile, service
from app.practice.schemas import PracticeCreateSchema
from app.web import form_data

NO_REFERRER = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
DIFFICULTY_CHOICES = [
    ("adaptive", "Adaptive"),
    ("easy", "Easy"),
    ("medium", "Medium"),
    ("hard", "Hard"),
]


def _dashboard(user, values=None, errors=None, status=200):
    sessions, _meta = service.list_sessions(user, per_page=10)
    saved = service.list_job_descriptions(user)
    page = render_template(
        "practice/home.html",
        profile=profile.profile_view(user),
        sessions=sessions,
        job_descriptions=saved,
        jd_options=[("", "None")] + [(str(jd.id), jd.title) for jd in saved],
        values=values or {},
        errors=errors or {},
        tracks=[(t, TRACK_LABELS[t]) for t in TRACKS],
        companies=[(c, c.capitalize()) for c in COMPANY_STYLES],
        difficulties=DIFFICULTY_CHOICES,
        track_labels=TRACK_LABELS,
        level_labels=EXPERIENCE_LABELS,
        levels=EXPERIENCE_LEVELS,
    )
    return page, status


@bp.get("/practice")
@role_required("candidate")
def home():
    user = get_current_user()
    preferred = profile.profile_view(user)["preferred_tracks"]
    return _dashboard(user, {"track": preferred[0] if preferred else "swe_new_grad"})


@bp.post("/practice/sessions")
@role_required("candidate")
def start():
    """Create a session from the dashboard form and start it in the room."""
    user = get_current_user()
    values = form_data()
    if not values.get("job_description_id"):
        values.pop("job_description_id", None)
    try:
        practice = service.create_session(
            user, **load_data(PracticeCreateSchema, values)
        )
        session = service.start_session(user, practice)
        ids = practice.id, session.id, session.invitation_id
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        errors = error.details or {"_form": [error.message]}
        return _dashboard(user, values, errors, 422)
    response = redirect(url_for("practice.room", session_id=ids[0]))
    return set_participant_cookie(response, ids[1], ids[2])


@bp.get("/practice/sessions/<int:session_id>/room")
@role_required("candidate")
def room(session_id):
    """The practice interview room: the live engine's room, with practice wording."""
    practice = service.get_session(get_current_user(), session_id)
    if practice.status in ("completed", "abandoned"):
        return redirect(url_for("practice.session_page", session_id=session_id))
    engine = practice.interview_session
    if engine is None or practice.status != "ongoing":
        flash("This practice session is not running.", "info")
        return redirect(url_for("practice.home"))
    page = render_template(
        "practice/room.html",
        practice=practice,
        session=engine,
        interview=engine.invitation.interview,
        track_label=TRACK_LABELS[practice.track],
    )
    response = set_participant_cookie(
        page_response(page), engine.id, engine.invitation_id
    )
    return response


def page_response(page):
    """A page that must not be cached or send its address on."""
    response = make_response(page)
    response.headers.update(NO_REFERRER)
    return response


@bp.post("/practice/sessions/<int:session_id>/end")
@role_required("candidate")
def end(session_id):
    """End a session early (the page asks for confirmation first): feedback on the
    answers given, or, with none given yet, simply cancelled."""
    user = get_current_user()
    try:
        practice = service.end_session_early(
            user, service.get_session(user, session_id)
        )
        status = practice.status
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("practice.home"))
    if status == "cancelled":
        flash("Your practice session has ended before any answer to score.", "info")
        return redirect(url_for("practice.home"))
    flash("Your practice session has ended: here is feedback on your answers.", "info")
    return redirect(url_for("practice.session_page", session_id=session_id))


@bp.post("/practice/sessions/<int:session_id>/finish")
@role_required("candidate")
def finish(session_id):
    """Write the feedback of a finished interview and show it."""
    user = get_current_user()
    practice = service.get_session(user, session_id)
    if practice.status != "completed":
        try:
            service.finalize_session(user, practice)
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("practice.room", session_id=session_id))
    return redirect(url_for("practice.session_page", session_id=session_id))


@bp.get("/practice/sessions/<int:session_id>")
@role_required("candidate")
def session_page(session_id):
    """A session's feedback (completed), or where it stands."""
    practice = service.get_session(get_current_user(), session_id)
    return render_template(
        "practice/session.html",
        practice=practice,
        feedback=practice.feedback or {},
        track_label=TRACK_LABELS[practice.track],
        args=request.args,
    )
