"""Public pages."""

from flask import render_template

from app.main import bp


@bp.get("/")
def landing():
    return render_template("main/landing.html")
