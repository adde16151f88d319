"""Domain experts: review questions, gold answers and low-confidence scores."""

from flask import Blueprint

bp = Blueprint("experts", __name__)
