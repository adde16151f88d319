"""AI status and generation endpoints; providers, prompts and evaluator are nearby."""

from flask import Blueprint

bp = Blueprint("ai", __name__)

from app.ai import api, views  # noqa: E402,F401  (routes register on import)
