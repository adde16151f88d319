"""Accounts: registration, sign-in, tokens, profile; pages and JSON API."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import api, views  # noqa: E402,F401  (routes register on import)
