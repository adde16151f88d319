"""The live interview: candidate pages, participants, the conductor (the state machine),
turns, and the Socket.IO namespace (live.py)."""

from flask import Blueprint

bp = Blueprint("live", __name__)
