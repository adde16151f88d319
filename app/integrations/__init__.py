"""Integrations: API keys, idempotent POSTs and signed webhooks."""

from flask import Blueprint

bp = Blueprint("integrations", __name__)
