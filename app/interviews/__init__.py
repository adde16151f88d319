"""Interviews and their questions: pages and JSON API."""

from flask import Blueprint

bp = Blueprint("interviews", __name__)

from app.interviews import (  # noqa: E402,F401  (routes register on import)
    api,
    live,
    live_views,
    question_views,
    questions_api,
    sessions_api,
    views,
)
