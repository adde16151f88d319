"""Results: the lists, the report, compare, exports and stage decisions."""

from flask import Blueprint

bp = Blueprint("results", __name__)
