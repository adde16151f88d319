"""Practice pages for accounts: sign up as a candidate, the practice profile."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app import tasks
from app.auth import recovery
from app.auth import service as accounts
from app.auth.decorators import role_required
from app.auth.google import google_enabled
from app.auth.schemas import RegisterSchema
from app.auth.signin import registered, start_portal_session
from app.errors import AppError
from app.extensions import db
from app.models import EXPERIENCE_LEVELS, TRACKS
from app.models.practice import EXPERIENCE_LABELS, TRACK_LABELS
from app.openapi import load_data
from app.practice import bp, profile
from app.practice.profile_schemas import ProfileReplaceSchema
from app.ratelimits import limit_by_address
from app.web import form_data


def _form_errors(error: AppError) -> dict:
    return error.details or {"_form": [error.message]}


@bp.route("/practice/signup", methods=["GET", "POST"])
@limit_by_address("RATELIMIT_REGISTER", "register")
def signup():
    """Candidates create their own account to practise."""
    values, errors = {}, {}
    if request.method == "POST":
        values = form_data()
        try:
            data = load_data(RegisterSchema, values)
            user = accounts.register_user(**data, role="candidate")
            token = registered(user)
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = _form_errors(error)
        else:
            tasks.email_account_link(recovery.VERIFY, user.id, token)
            flash(
                f"Welcome, {user.full_name}! We sent a link to {user.email}: open it "
                "to confirm your address.",
                "success",
            )
            return start_portal_session(user, url_for("practice.profile_page"))
    values.pop("password", None)
    page = render_template(
        "practice/signup.html", values=values, errors=errors, google=google_enabled()
    )
    return page, 422 if errors else 200


def _render_profile(user, values=None, errors=None):
    return render_template(
        "practice/profile.html",
        consents=profile.consents_of(user),
        values=values or profile.profile_view(user),
        errors=errors or {},
        tracks=[(track, TRACK_LABELS[track]) for track in TRACKS],
        levels=[("", "Choose…")]
        + [(level, EXPERIENCE_LABELS[level]) for level in EXPERIENCE_LEVELS],
    )


@bp.get("/practice/profile")
@role_required("candidate")
def profile_page():
    return _render_profile(get_current_user())


@bp.post("/practice/profile")
@role_required("candidate")
def save_profile():
    user = get_current_user()
    values = form_data()
    values["preferred_tracks"] = request.form.getlist("preferred_tracks")
    values["target_role"] = values.get("target_role") or None
    values["experience_level"] = values.get("experience_level") or None
    try:
        profile.update_profile(user, **load_data(ProfileReplaceSchema, values))
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return _render_profile(user, values, _form_errors(error)), 422
    flash("Your practice profile is saved.", "success")
    return redirect(url_for("practice.profile_page"))


@bp.post("/practice/profile/practice-data/withdraw")
@role_required("candidate")
def withdraw_practice_data():
    """The candidate withdraws consent to the optional practice data; it is cleared."""
    profile.withdraw_practice_data(get_current_user())
    db.session.commit()
    flash("Your target role, level and tracks are cleared.", "success")
    return redirect(url_for("practice.profile_page", _anchor="your-data"))
