"""Invitations: inviting candidates, their emails, and the candidate's link pages."""

from flask import Blueprint

bp = Blueprint("invitations", __name__)

from app.invitations import api, views  # noqa: E402,F401  (routes register on import)
