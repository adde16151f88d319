"""Interviews and their questions: pages and JSON API."""

from flask import Blueprint

bp = Blueprint("interviews", __name__)

from app.interviews import api, views  # noqa: E402,F401  (routes register on import)
