"""Accounts: registration, sign-in (password and Google), tokens, profile, emailed
links (verification, password reset); pages and JSON API."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
