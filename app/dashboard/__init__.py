"""The portal's home: what needs the recruiter's attention, each item linked to where
it is handled."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
