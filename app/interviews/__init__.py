"""Interviews and their questions: pages and JSON API."""

from flask import Blueprint

bp = Blueprint("interviews", __name__)


@bp.record_once
def _set_up_scoring_worker(state):
    """Give the app its scoring worker (answers are scored in the background)."""
    from app.interviews.scoring_worker import init_scoring_worker

    init_scoring_worker(state.app)


from app.interviews import (  # noqa: E402,F401  (routes register on import)
    api,
    live,
    live_views,
    question_views,
    questions_api,
    results_api,
    results_views,
    sessions_api,
    views,
)
