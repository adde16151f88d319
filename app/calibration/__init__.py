"""Calibration before go-live: sample answers scored by the AI and by the recruiter.

Routes live in views.py and api.py; create_app imports them (see EDGE_MODULES).
"""

from flask import Blueprint

bp = Blueprint("calibration", __name__)
