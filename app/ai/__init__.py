"""AI status and generation endpoints; providers, prompts and evaluator are nearby."""

from flask import Blueprint

bp = Blueprint("ai", __name__)
