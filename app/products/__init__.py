"""Products and categories: the recruiter's portal home."""

from flask import Blueprint

bp = Blueprint("products", __name__)

from app.products import api, views  # noqa: E402,F401  (routes register on import)
