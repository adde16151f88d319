"""The landing page, health and info endpoints, and the gate in front of /docs."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from app.main import api, views  # noqa: E402,F401  (routes register on import)
