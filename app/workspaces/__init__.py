"""Workspaces: recruiters of one company working together, their members and invites."""

from flask import Blueprint

bp = Blueprint("workspaces", __name__)
