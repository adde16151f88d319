"""Practice: candidates register, prepare alone on the question bank, and get
feedback, stats and skill gaps; pages and JSON API."""

from flask import Blueprint

bp = Blueprint("practice", __name__)
