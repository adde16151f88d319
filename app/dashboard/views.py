"""The portal's home page: what needs attention today."""

from flask import render_template
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.dashboard import bp, service


@bp.get("/portal")
@recruiter_required
def home():
    attention = service.attention(get_current_user())
    return render_template("dashboard/home.html", **attention)
