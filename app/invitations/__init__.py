"""Invitations: inviting candidates, their emails, and the candidate's link pages."""

from flask import Blueprint

bp = Blueprint("invitations", __name__)
