"""The landing page, health and info endpoints, and the gate in front of /docs."""

from flask import Blueprint

bp = Blueprint("main", __name__)
