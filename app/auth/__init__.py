"""Accounts: registration, sign-in (password and Google), tokens, profile, emailed
links (verification, password reset); pages and JSON API."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import (  # noqa: E402,F401  (routes register on import)
    api,
    google_views,
    recovery_api,
    recovery_views,
    views,
)
