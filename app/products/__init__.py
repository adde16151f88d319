"""Products and categories: the recruiter's portal home."""

from flask import Blueprint

bp = Blueprint("products", __name__)
