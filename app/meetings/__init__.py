"""The next round with a person: meetings scheduled from a candidate's report."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
