"""The fairness check: voluntary self-identification after an interview, and an
admin-only report of selection rates by group with the four-fifths rule."""

from flask import Blueprint

bp = Blueprint("fairness", __name__)
