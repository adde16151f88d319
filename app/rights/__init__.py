"""The candidate's rights after an AI interview: the receipt email with their
transcript, flags on answers, and asking for a person (human review or an
alternative), answered by the recruiter."""

from flask import Blueprint

bp = Blueprint("rights", __name__)
