"""Practice pages: the candidate's home (dashboard)."""

from flask import render_template
from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.models.practice import EXPERIENCE_LABELS, TRACK_LABELS
from app.practice import bp, profile


@bp.get("/practice")
@role_required("candidate")
def home():
    user = get_current_user()
    return render_template(
        "practice/home.html",
        profile=profile.profile_view(user),
        track_labels=TRACK_LABELS,
        level_labels=EXPERIENCE_LABELS,
    )
