"""The public job board pages."""

from app.hiring import bp  # noqa: F401
